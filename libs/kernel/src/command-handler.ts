import {
  deterministicEventId,
  EventIdReusedError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type RecordedEvent,
} from '@continuum/event-store';
import { randomUUID } from 'node:crypto';
import { fold, type Decider, type DomainCommand, type DomainEvent } from './decider';
import type { KnownStreamState, StreamStateCache } from './stream-state-cache';

export interface CommandContext {
  readonly metadata: EventMetadata;
  /** The client's `If-Match`: refuse instead of retrying when the stream has moved on. */
  readonly expectedRevision?: number;
  /** Derive event ids from this (e.g. the campus message id) so a redelivery appends nothing new. */
  readonly idempotencyKey?: string;
  /** The command usually starts its stream (a new task, a new line item): try it on an empty stream first. */
  readonly startsStream?: boolean;
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

/**
 * Decides on the state this process remembers of the stream (or an empty one for a command that starts
 * it), else loads it; appends at the revision decided on and retries on a race unless the client pinned one.
 */
export async function handleCommand<Command extends DomainCommand, Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  stream: string,
  command: Command,
  context: CommandContext,
  streams?: StreamStateCache,
): Promise<CommandOutcome<Event, State>> {
  const assumed =
    streams?.recall<State>(stream, decider) ??
    (context.startsStream ? { revision: -1, state: decider.initialState() } : undefined);
  if (assumed) {
    const outcome = await decideOnAssumedState(store, decider, stream, command, context, assumed, streams);
    if (outcome) return outcome;
  }
  for (let attempt = 1; ; attempt += 1) {
    const recorded = await store.readStream(stream);
    const revision = recorded.length - 1;
    const state = fold(decider, toDomainEvents<Event>(recorded));
    streams?.remember(stream, decider, { revision, state });
    if (context.expectedRevision !== undefined && context.expectedRevision !== revision) {
      throw new WrongExpectedRevisionError(
        stream,
        context.expectedRevision,
        revision < 0 ? 'no_stream' : revision,
      );
    }
    const events = decider.decide(command, state);
    if (events.length === 0) return { events, state, revision, position: undefined };
    try {
      return await appendDecided(store, decider, stream, events, context, { revision, state }, streams);
    } catch (error) {
      const canRetry = context.expectedRevision === undefined && attempt < MAX_ATTEMPTS;
      if (!(error instanceof WrongExpectedRevisionError) || !canRetry) throw error;
      await backOff(attempt);
    }
  }
}

/** Undefined when only a fresh read can tell: a refusal or a no-op on that state, or a stream that moved on. */
async function decideOnAssumedState<Command extends DomainCommand, Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  stream: string,
  command: Command,
  context: CommandContext,
  assumed: KnownStreamState<State>,
  streams: StreamStateCache | undefined,
): Promise<CommandOutcome<Event, State> | undefined> {
  if (context.expectedRevision !== undefined && context.expectedRevision !== assumed.revision)
    return undefined;
  let events: readonly Event[];
  try {
    events = decider.decide(command, assumed.state);
  } catch {
    return undefined;
  }
  if (events.length === 0) return undefined;
  try {
    return await appendDecided(store, decider, stream, events, context, assumed, streams);
  } catch (error) {
    // Ids already stored with other content: a redelivery first decided on another state; the read path decides alike.
    if (!(error instanceof WrongExpectedRevisionError) && !(error instanceof EventIdReusedError)) throw error;
    streams?.forget(stream);
    return undefined;
  }
}

async function appendDecided<Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<never, Event, State>,
  stream: string,
  events: readonly Event[],
  context: CommandContext,
  decidedOn: KnownStreamState<State>,
  streams: StreamStateCache | undefined,
): Promise<CommandOutcome<Event, State>> {
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
    decidedOn.revision < 0 ? 'no_stream' : decidedOn.revision,
  );
  const state = events.reduce(decider.evolve, decidedOn.state);
  streams?.remember(stream, decider, { revision: result.nextExpectedRevision, state });
  return { events, state, revision: result.nextExpectedRevision, position: result.position };
}
