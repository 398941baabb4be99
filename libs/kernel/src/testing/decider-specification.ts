import { DomainError } from '../domain-error';
import type { Decider, DomainCommand, DomainEvent } from '../decider';
import { fold } from '../decider';

export interface ThenStep<Event> {
  /** The command yields exactly these events. */
  then(expected: readonly Event[]): void;
  /** The command is refused with a DomainError of this code. */
  thenThrows(code: string): void;
}

/** Given/When/Then over a pure decider: `given([received]).when(acknowledge).then([acknowledged])`. */
export function specificationFor<Command extends DomainCommand, Event extends DomainEvent, State>(
  decider: Decider<Command, Event, State>,
): (history: readonly Event[]) => { when(command: Command): ThenStep<Event> } {
  return (history) => ({
    when(command) {
      const run = (): readonly Event[] => decider.decide(command, fold(decider, history));
      return {
        then(expected) {
          expect(run()).toEqual(expected);
        },
        thenThrows(code) {
          let refusal: unknown;
          try {
            run();
          } catch (error) {
            refusal = error;
          }
          expect(refusal).toBeInstanceOf(DomainError);
          expect((refusal as DomainError).code).toBe(code);
        },
      };
    },
  });
}
