import {
  deterministicEventId,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type RecordedEvent,
} from '@continuum/event-store';
import { randomUUID } from 'node:crypto';
import { fold, type Decider, type DomainCommand, type DomainEvent } from './decider';

export interface CommandContext {
  readonly metadata: EventMetadata;
  /** The client's `If-Match`: refuse instead of retrying when the stream has moved on. */
  readonly expectedRevision?: number;
  /** Derive event ids from this (e.g. the campus message id) so a redelivery appends nothing new. */
  readonly idempotencyKey?: string;
}

export interface CommandOutcome<Event extends DomainEvent, State> {
  readonly events: readonly Event[];
  readonly state: State;
  /** Revision of the stream's last event, `-1` when the stream is still empty. */
  readonly revision: number;
  readonly position: AppendResult['position'] | undefined;
}

const MAX_ATTEMPTS = 10;

// Jitter spreads racing writers apart so the retries do not collide again in lockstep.
const backOff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));

export const toDomainEvents = <Event extends DomainEvent>(recorded: readonly RecordedEvent[]): Event[] =>
  recorded.map((event) => ({ type: event.type, data: event.data }) as Event);

/** Loads a stream, decides and appends at the revision it read; retries on a race unless the client pinned one. */
export async function handleCommand<Command extends DomainCommand, Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  stream: string,
  command: Command,
  context: CommandContext,
): Promise<CommandOutcome<Event, State>> {
  for (let attempt = 1; ; attempt += 1) {
    const recorded = await store.readStream(stream);
    const revision = recorded.length - 1;
    if (context.expectedRevision !== undefined && context.expectedRevision !== revision) {
      throw new WrongExpectedRevisionError(
        stream,
        context.expectedRevision,
        revision < 0 ? 'no_stream' : revision,
      );
    }
    const state = fold(decider, toDomainEvents<Event>(recorded));
    const events = decider.decide(command, state);
    if (events.length === 0) return { events, state, revision, position: undefined };
    const newState = events.reduce(decider.evolve, state);
    try {
      const result = await store.append(
        stream,
        events.map((event, index) => ({
          id: context.idempotencyKey
            ? deterministicEventId(context.idempotencyKey, stream, String(index))
            : randomUUID(),
          type: event.type,
          data: event.data,
          metadata: context.metadata,
        })),
        revision < 0 ? 'no_stream' : revision,
      );
      return { events, state: newState, revision: result.nextExpectedRevision, position: result.position };
    } catch (error) {
      const canRetry = context.expectedRevision === undefined && attempt < MAX_ATTEMPTS;
      if (!(error instanceof WrongExpectedRevisionError) || !canRetry) throw error;
      await backOff(attempt);
    }
  }
}
