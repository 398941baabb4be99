import { Transform, type TransformCallback } from 'node:stream';
import { AccessDeniedError, UnavailableError, type ResolvedEvent } from '@eventstore/db-client';
import { waitFor } from '../contract/fixtures';
import type { FeedBatch, GlobalPosition, SubscribeOptions } from '../port';
import { EventStoreAccessDeniedError, EventStoreUnavailableError } from './driver-errors';
import { feedSubscription, type FeedSource, type ReconnectPolicy } from './feed-subscription';

const at = (commit: number): GlobalPosition => ({ commit: BigInt(commit), prepare: BigInt(commit) });

const resolved = (commit: number, stream = 'gift-1', type = 'GiftReceived'): ResolvedEvent => ({
  event: {
    streamId: stream,
    id: `00000000-0000-4000-8000-${String(commit).padStart(12, '0')}`,
    isJson: true,
    revision: 0n,
    type,
    created: new Date(0),
    data: { commit },
    metadata: {},
    position: at(commit),
  },
});

/**
 * Stands in for the driver's subscription stream with the same mechanics: a paused object Transform
 * whose checkpoints are reported from inside `_transform`, so after the events sent before them.
 */
class ServerStream extends Transform {
  unsubscribed = false;
  constructor(
    private readonly onCheckpoint: (position: GlobalPosition) => void,
    highWaterMark: number,
  ) {
    super({ objectMode: true, highWaterMark });
  }

  override _transform(
    item: ResolvedEvent | { checkpoint: GlobalPosition },
    _: unknown,
    next: TransformCallback,
  ): void {
    if ('checkpoint' in item) {
      this.onCheckpoint(item.checkpoint);
      next();
    } else next(null, item);
  }

  send(...items: (ResolvedEvent | { checkpoint: GlobalPosition })[]): void {
    for (const item of items) this.write(item);
  }

  unsubscribe(): Promise<void> {
    this.unsubscribed = true;
    return Promise.resolve();
  }
}

class FakeServer implements FeedSource {
  readonly opened: (GlobalPosition | undefined)[] = [];
  readonly streams: ServerStream[] = [];

  // A buffer larger than the batch, as the driver's may be: checkpoints then arrive with events still buffered.
  open(from: GlobalPosition | undefined, onCheckpoint: (position: GlobalPosition) => void, size: number) {
    this.opened.push(from);
    const stream = new ServerStream(onCheckpoint, size + 8);
    this.streams.push(stream);
    return stream;
  }

  get current(): ServerStream {
    return this.streams.at(-1)!;
  }
}

const policy: ReconnectPolicy = { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 5 };

function subscribe(server: FakeServer, options: Partial<SubscribeOptions> = {}) {
  const batches: FeedBatch[] = [];
  const subscription = feedSubscription(
    server,
    {
      handle: (batch) => {
        batches.push(batch);
        return Promise.resolve();
      },
      ...options,
    },
    policy,
  );
  const commits = () => batches.flatMap((b) => b.events.map((e) => Number(e.position.commit)));
  return { batches, subscription, commits };
}

describe('feed subscription over the driver stream', () => {
  it('delivers events in order in batches of at most batchSize, each checkpointed at its last event', async () => {
    const server = new FakeServer();
    const { batches, subscription, commits } = subscribe(server, { from: at(5), batchSize: 2 });
    expect(server.opened).toEqual([at(5)]);
    server.current.send(resolved(10), resolved(11), resolved(12));
    await waitFor('three events', () => (commits().length === 3 ? true : undefined));
    await subscription.stop();
    await expect(subscription.done).resolves.toBeUndefined();
    expect(commits()).toEqual([10, 11, 12]);
    expect(batches.every((b) => b.events.length <= 2)).toBe(true);
    expect(batches.at(-1)!.checkpoint).toEqual(at(12));
    expect(server.current.unsubscribed).toBe(true);
  });

  it('once caught up, gathers what arrives within minReadIntervalMs into one batch', async () => {
    const server = new FakeServer();
    const { batches, subscription, commits } = subscribe(server, { minReadIntervalMs: 1_500 });
    server.current.send(resolved(10));
    await waitFor('the first', () => (commits().length === 1 ? true : undefined));
    // Spaced out: without the interval each would be a batch of its own.
    for (const commit of [11, 12, 13]) {
      server.current.send(resolved(commit));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await waitFor('all four', () => (commits().length === 4 ? true : undefined));
    await subscription.stop();
    expect(batches.map((b) => b.events.map((e) => Number(e.position.commit)))).toEqual([[10], [11, 12, 13]]);
  });

  it('moves the checkpoint past events the filter leaves out, system events included', async () => {
    const server = new FakeServer();
    const { batches, subscription, commits } = subscribe(server, { filter: { streamCategories: ['gift'] } });
    server.current.send(resolved(10), resolved(11, 'other-1'), resolved(12, '$stats-1', '$statsCollected'));
    await waitFor('checkpoint past 12', () => (batches.at(-1)?.checkpoint.commit === 12n ? true : undefined));
    await subscription.stop();
    expect(commits()).toEqual([10]);
  });

  it('delivers a server checkpoint with no events, only after the events sent before it', async () => {
    const server = new FakeServer();
    const { batches, subscription } = subscribe(server, { batchSize: 1 });
    server.current.send(resolved(10), resolved(11), { checkpoint: at(100) });
    await waitFor('checkpoint 100', () => (batches.at(-1)?.checkpoint.commit === 100n ? true : undefined));
    server.current.send({ checkpoint: at(200) });
    await waitFor('checkpoint 200', () => (batches.at(-1)?.checkpoint.commit === 200n ? true : undefined));
    await subscription.stop();
    const shape = batches.map((b) => [
      b.events.map((e) => Number(e.position.commit)),
      Number(b.checkpoint.commit),
    ]);
    // Event 11 was still buffered when checkpoint 100 arrived: 100 must not come with event 10.
    expect(shape[0]).toEqual([[10], 10]);
    expect(shape.at(-1)).toEqual([[], 200]);
    expect(shape.flatMap(([events]) => events)).toEqual([10, 11]);
    expect(shape.findIndex(([, checkpoint]) => checkpoint === 100)).toBeGreaterThan(0);
  });

  it('stops and rejects done when the handler fails, without calling it again', async () => {
    const server = new FakeServer();
    let calls = 0;
    const subscription = feedSubscription(
      server,
      {
        batchSize: 1,
        handle: () => {
          calls += 1;
          return Promise.reject(new Error('cannot apply'));
        },
      },
      policy,
    );
    server.current.send(resolved(10), resolved(11));
    await expect(subscription.done).rejects.toThrow('cannot apply');
    expect(calls).toBe(1);
    expect(server.opened).toHaveLength(1);
    expect(server.current.unsubscribed).toBe(true);
  });

  it('resubscribes from the last delivered checkpoint after the node goes away', async () => {
    const server = new FakeServer();
    const { subscription, commits } = subscribe(server, { from: at(1) });
    server.current.send(resolved(10));
    await waitFor('first event', () => (commits().length === 1 ? true : undefined));
    server.current.destroy(new UnavailableError(undefined, 'connection reset'));
    await waitFor('resubscribed', () => (server.opened.length === 2 ? true : undefined));
    server.current.send(resolved(11));
    await waitFor('second event', () => (commits().length === 2 ? true : undefined));
    await subscription.stop();
    expect(server.opened).toEqual([at(1), at(10)]);
    expect(commits()).toEqual([10, 11]);
  });

  it('resubscribes when the server ends the subscription', async () => {
    const server = new FakeServer();
    const { subscription, commits } = subscribe(server);
    server.current.send(resolved(10));
    await waitFor('first event', () => (commits().length === 1 ? true : undefined));
    server.current.end();
    await waitFor('resubscribed', () => (server.opened.length === 2 ? true : undefined));
    await subscription.stop();
    expect(server.opened[1]).toEqual(at(10));
  });

  it('rejects done with the mapped error on a failure that retrying cannot fix', async () => {
    const server = new FakeServer();
    const { subscription } = subscribe(server);
    server.current.destroy(new AccessDeniedError(undefined, 'no $all read'));
    await expect(subscription.done).rejects.toBeInstanceOf(EventStoreAccessDeniedError);
    expect(server.opened).toHaveLength(1);
  });

  it('gives up after the policy’s attempts when the node stays away', async () => {
    const server = new FakeServer();
    const open = server.open.bind(server);
    server.open = (from, onCheckpoint, size) => {
      const stream = open(from, onCheckpoint, size);
      setImmediate(() => stream.destroy(new UnavailableError(undefined, 'connect ECONNREFUSED')));
      return stream;
    };
    const { subscription } = subscribe(server);
    await expect(subscription.done).rejects.toBeInstanceOf(EventStoreUnavailableError);
    expect(server.opened).toHaveLength(policy.maxAttempts + 1);
  });

  it('stops while waiting for events', async () => {
    const server = new FakeServer();
    const { subscription, batches } = subscribe(server);
    await subscription.stop();
    await expect(subscription.done).resolves.toBeUndefined();
    expect(batches).toEqual([]);
  });
});
