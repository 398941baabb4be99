import { randomUUID } from 'node:crypto';
import { comparePositions } from '../position';
import type { EventStore, FeedBatch, GlobalPosition, NewEvent, RecordedEvent, Subscription } from '../port';

/** A category unique to one test, so tests sharing a store never read each other's events. */
export const uniqueCategory = (): string => `t${randomUUID().replace(/-/g, '').slice(0, 12)}`;

export const newEvent = (type: string, data: Record<string, unknown> = {}): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: { correlationId: randomUUID(), actor: 'contract-suite', occurredAt: '2026-03-02T15:04:05.000Z' },
});

export async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Subscribes and keeps what arrives, for assertions. */
export function collect(
  store: EventStore,
  options: {
    from?: GlobalPosition;
    categories?: readonly string[];
    eventTypes?: readonly string[];
    batchSize?: number;
    minReadIntervalMs?: number;
  },
): { events: RecordedEvent[]; batches: FeedBatch[]; subscription: Subscription } {
  const events: RecordedEvent[] = [];
  const batches: FeedBatch[] = [];
  const subscription = store.subscribeToAll({
    from: options.from,
    batchSize: options.batchSize,
    minReadIntervalMs: options.minReadIntervalMs,
    filter: { streamCategories: options.categories, eventTypes: options.eventTypes },
    handle: (batch) => {
      batches.push(batch);
      events.push(...batch.events);
      return Promise.resolve();
    },
  });
  return { events, batches, subscription };
}

/**
 * The feed shows an append once every transaction that began before it has finished (other test files
 * write to the same server), so feed assertions first wait for the head to reach the append.
 */
export async function untilFeedReaches(store: EventStore, position: GlobalPosition): Promise<GlobalPosition> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const head = await store.headPosition();
    if (head && comparePositions(head, position) >= 0) return head;
    if (Date.now() > deadline) throw new Error('Timed out waiting for the feed to reach an append');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
