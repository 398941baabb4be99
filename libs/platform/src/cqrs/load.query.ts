import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@continuum/event-store';
import { fold, toDomainEvents, type DomainCommand, type DomainEvent } from '@continuum/kernel';
import type { Aggregate } from './decide.command';

export interface Loaded {
  readonly state: unknown;
  /** `-1` when the stream does not exist. */
  readonly revision: number;
}

/** The current state of one aggregate, folded from its stream (the write side's view, with its revision). */
export class Load extends Query<Loaded> {
  constructor(
    readonly aggregate: Aggregate<DomainCommand, DomainEvent, unknown>,
    readonly id: string,
  ) {
    super();
  }

  static of<C extends DomainCommand, E extends DomainEvent, S>(
    aggregate: Aggregate<C, E, S>,
    id: string,
  ): Load {
    return new Load(aggregate as unknown as Aggregate<DomainCommand, DomainEvent, unknown>, id);
  }
}

@QueryHandler(Load)
export class LoadHandler implements IQueryHandler<Load, Loaded> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ aggregate, id }: Load): Promise<Loaded> {
    const recorded = await this.store.readStream(aggregate.stream(id));
    return { state: fold(aggregate.decider, toDomainEvents(recorded)), revision: recorded.length - 1 };
  }
}
