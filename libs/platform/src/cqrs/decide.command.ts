import { Inject, Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@continuum/event-store';
import {
  handleCommand,
  StreamStateCache,
  type CommandContext,
  type CommandOutcome,
  type Decider,
  type DomainCommand,
  type DomainEvent,
} from '@continuum/kernel';

/** One aggregate type: its decider and how its id maps to a stream. */
export interface Aggregate<C extends DomainCommand, E extends DomainEvent, S> {
  readonly decider: Decider<C, E, S>;
  readonly stream: (id: string) => string;
}

export type AnyOutcome = CommandOutcome<DomainEvent, unknown>;

/** Runs one domain command against one aggregate: load, decide, append at the revision read. */
export class Decide extends Command<AnyOutcome> {
  constructor(
    readonly stream: string,
    readonly decider: Decider<DomainCommand, DomainEvent, unknown>,
    readonly command: DomainCommand,
    readonly context: CommandContext,
  ) {
    super();
  }

  static on<C extends DomainCommand, E extends DomainEvent, S>(
    aggregate: Aggregate<C, E, S>,
    id: string,
    command: C,
    context: CommandContext,
  ): Decide {
    // The decider is only ever called with commands of its own type: the generic erasure is safe.
    const decider = aggregate.decider as unknown as Decider<DomainCommand, DomainEvent, unknown>;
    return new Decide(aggregate.stream(id), decider, command, context);
  }
}

@CommandHandler(Decide)
export class DecideHandler implements ICommandHandler<Decide, AnyOutcome> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() private readonly streams: StreamStateCache = new StreamStateCache(),
  ) {}

  execute({ stream, decider, command, context }: Decide): Promise<AnyOutcome> {
    return handleCommand(this.store, decider, stream, command, context, this.streams);
  }
}
