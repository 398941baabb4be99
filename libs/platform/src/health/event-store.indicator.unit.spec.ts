import type { GlobalPosition } from '@continuum/event-store';
import { EventStoreHealthIndicator } from './event-store.indicator';
import { HealthRegistry } from './health-registry';

const storeAnswering = (answer: () => Promise<GlobalPosition | undefined>) => {
  let reads = 0;
  return {
    store: {
      headPosition: () => {
        reads += 1;
        return answer();
      },
    },
    reads: () => reads,
  };
};

describe('event store health', () => {
  it('is up when the store reads its head, and shows the adapter and head position', async () => {
    const { store } = storeAnswering(() => Promise.resolve({ commit: 1200n, prepare: 1180n }));
    const report = await new HealthRegistry([
      new EventStoreHealthIndicator({ store, adapter: 'eventstoredb' }),
    ]).readiness();
    expect(report).toMatchObject({
      ready: true,
      checks: { 'event-store': 'up' },
      details: { 'event-store': { adapter: 'eventstoredb', headPosition: '1200/1180' } },
    });
  });

  it('is up on an empty store', async () => {
    const { store } = storeAnswering(() => Promise.resolve(undefined));
    const indicator = new EventStoreHealthIndicator({ store, adapter: 'eventstoredb' });
    expect(await indicator.check()).toBe('up');
    expect(await indicator.details()).toEqual({ adapter: 'eventstoredb', headPosition: null });
  });

  it('makes the process not ready when the store cannot be read, saying why', async () => {
    const { store } = storeAnswering(() => Promise.reject(new Error('EventStoreDB unavailable: no leader')));
    const report = await new HealthRegistry([
      new EventStoreHealthIndicator({ store, adapter: 'eventstoredb' }),
    ]).readiness();
    expect(report).toMatchObject({
      ready: false,
      checks: { 'event-store': 'down' },
      failures: { 'event-store': 'EventStoreDB unavailable: no leader' },
    });
  });

  it('answers probes from its cache instead of asking the store each time', async () => {
    const probe = storeAnswering(() => Promise.resolve(undefined));
    const indicator = new EventStoreHealthIndicator({
      store: probe.store,
      adapter: 'eventstoredb',
      cacheMs: 60_000,
    });
    await indicator.check();
    await indicator.check();
    expect(probe.reads()).toBe(1);
    const uncached = new EventStoreHealthIndicator({
      store: probe.store,
      adapter: 'eventstoredb',
      cacheMs: -1,
    });
    await uncached.check();
    await uncached.check();
    expect(probe.reads()).toBe(3);
  });
});
