/** What a process last knew of one stream: its decider's state after the event at `revision`. */
export interface KnownStreamState<State> {
  readonly revision: number;
  readonly state: State;
}

interface Entry {
  readonly decider: object;
  readonly revision: number;
  readonly state: unknown;
}

export const DEFAULT_STREAM_STATE_CAPACITY = 50_000;

/**
 * Recently used streams' folded states, so a command can decide without reading its stream first.
 * Never trusted alone: a command appends at the remembered revision, so a stale entry (another process
 * wrote since) fails that append and is read afresh. States are immutable, so sharing them is safe.
 */
export class StreamStateCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = DEFAULT_STREAM_STATE_CAPACITY) {}

  recall<State>(stream: string, decider: object): KnownStreamState<State> | undefined {
    const entry = this.entries.get(stream);
    if (entry?.decider !== decider) return undefined;
    // Re-inserted so the map's order is least recently used first.
    this.entries.delete(stream);
    this.entries.set(stream, entry);
    return { revision: entry.revision, state: entry.state as State };
  }

  remember<State>(stream: string, decider: object, known: KnownStreamState<State>): void {
    const current = this.entries.get(stream);
    if (current && current.decider === decider && current.revision > known.revision) return;
    this.entries.delete(stream);
    this.entries.set(stream, { decider, revision: known.revision, state: known.state });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** The process has seen events in this stream, so it exists (streams are never deleted). */
  holdsEvents(stream: string): boolean {
    return (this.entries.get(stream)?.revision ?? -1) >= 0;
  }

  forget(stream: string): void {
    this.entries.delete(stream);
  }

  get size(): number {
    return this.entries.size;
  }
}
