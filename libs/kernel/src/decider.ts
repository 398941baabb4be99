/** A domain event as the domain sees it: a stable past-tense name and plain JSON data. */
export interface DomainEvent<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  readonly data: Data;
}

/** A request to change something: imperative name, plain data. */
export interface DomainCommand<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  readonly data: Data;
}

/**
 * Pure decision logic of one aggregate: state is a left fold of `evolve` over past events; `decide`
 * returns the new events or throws a DomainError. No I/O, no framework.
 */
export interface Decider<Command extends DomainCommand, Event extends DomainEvent, State> {
  readonly decide: (command: Command, state: State) => readonly Event[];
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: () => State;
}

export const fold = <Event extends DomainEvent, State>(
  decider: Pick<Decider<never, Event, State>, 'evolve' | 'initialState'>,
  events: readonly Event[],
): State => events.reduce(decider.evolve, decider.initialState());
