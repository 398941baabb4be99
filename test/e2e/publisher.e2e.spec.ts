import { randomUUID } from 'node:crypto';
import { freePort } from '../../libs/platform/src/testing/free-port';
import {
  eventually,
  testBrokers,
  TopicReader,
} from '../../libs/campus-integration/src/published/testing/topic-reader';
import { startTestApi, type TestApi } from '../support/api';

const topic = `engagement.events.e2e-${randomUUID()}`;
const staff = { sub: 'alice', roles: ['staff'] } as const;
const manager = { sub: 'maria', roles: ['manager'] } as const;

interface Ready {
  readonly checks: Record<string, string>;
  readonly details: Record<string, Record<string, unknown> | undefined>;
}

let reader: TopicReader;
let api: TestApi;

beforeAll(async () => {
  reader = await TopicReader.start(topic);
  api = await startTestApi('publisher_api', {
    KAFKA_BROKERS: testBrokers().join(','),
    PUBLISHED_EVENTS_TOPIC: topic,
    PUBLISHED_EVENTS_SOURCE: '/engagement-e2e',
  });
});

afterAll(async () => {
  await api.close();
  await reader.close();
});

describe('Published events (worker with KAFKA_BROKERS)', () => {
  it('publishes what the API records, and shows the publisher in health and metrics', async () => {
    const partnerId = `globex-${randomUUID().slice(0, 8)}`;
    const registered = await api.request('POST', '/v1/partners', {
      as: staff,
      body: { partnerId, name: 'Globex' },
    });
    expect(registered.status).toBe(201);
    const changed = await api.request('PUT', `/v1/partners/${partnerId}/tier`, {
      as: manager,
      body: { tier: 'partner', reason: 'Framework agreement' },
    });
    expect(changed.status).toBe(200);
    const recorded = await api.eventStore.readStream(`partner-${partnerId}`);

    const ofPartner = () => reader.messages.filter((message) => message.key === partnerId);
    await eventually('both events on the topic', () => ofPartner().length >= 2);
    expect(ofPartner().map(({ event }) => [event.id, event.type, event.source])).toEqual([
      [recorded[0]?.id, 'edu.university.engagement.partner-registered.v1', '/engagement-e2e'],
      [recorded[1]?.id, 'edu.university.engagement.partner-tier-changed.v1', '/engagement-e2e'],
    ]);

    const ready = await api.request<Ready>('GET', '/health/ready');
    expect(ready.body.checks.publisher).toBe('up');
    expect(ready.body.details.publisher).toMatchObject({ topic, owner: true, lastError: null });

    await eventually('the lag to reach zero', async () => {
      const metrics = await api.request<string>('GET', '/metrics');
      return /continuum_publisher_lag_positions\{publisher="engagement-events"\} 0\b/.test(metrics.body);
    });
    const metrics = (await api.request<string>('GET', '/metrics')).body;
    expect(metrics).toMatch(
      /continuum_published_events_total\{type="edu\.university\.engagement\.partner-registered\.v1"\} 1\b/,
    );
    expect(metrics).toMatch(/continuum_publisher_failing\{publisher="engagement-events"\} 0\b/);
  });

  it('is degraded, and says why, while Kafka is unreachable', async () => {
    const unreachable = await startTestApi('publisher_down', {
      KAFKA_BROKERS: `127.0.0.1:${await freePort()}`,
      PUBLISHED_EVENTS_TOPIC: topic,
    });
    try {
      const partnerId = `initech-${randomUUID().slice(0, 8)}`;
      const registered = await unreachable.request('POST', '/v1/partners', {
        as: staff,
        body: { partnerId, name: 'Initech' },
      });
      expect(registered.status).toBe(201);
      const [event] = await unreachable.eventStore.readStream(`partner-${partnerId}`);
      await eventually(
        'the publisher to report degraded',
        async () =>
          (await unreachable.request<Ready>('GET', '/health/ready')).body.checks.publisher === 'degraded',
        50_000,
      );
      const ready = await unreachable.request<Ready>('GET', '/health/ready');
      expect(ready.body.details.publisher).toMatchObject({ owner: true });
      // Not past the unpublished event (empty pages before it may move the checkpoint).
      const checkpoint = ready.body.details.publisher?.checkpoint as string | null;
      expect(checkpoint === null || BigInt(checkpoint) < (event?.position.commit ?? 0n)).toBe(true);
      expect(ready.body.details.publisher?.lastError).toEqual(expect.any(String));
      const metrics = (await unreachable.request<string>('GET', '/metrics')).body;
      expect(metrics).toMatch(/continuum_publisher_failing\{publisher="engagement-events"\} 1\b/);
      expect(metrics).toMatch(/continuum_publisher_lag_positions\{publisher="engagement-events"\} [1-9]/);
    } finally {
      await unreachable.close();
    }
  }, 90_000);
});
