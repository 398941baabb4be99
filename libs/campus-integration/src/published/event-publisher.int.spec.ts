import { comparePositions, PostgresEventStore } from '@continuum/event-store';
import { randomUUID } from 'node:crypto';
import { createServer, connect, type Server } from 'node:net';
import { Pool } from 'pg';
import { freePort } from '../../../platform/src/testing/free-port';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { EventPublisher, type EventPublisherOptions } from './event-publisher';
import { KafkaTransport } from './kafka-transport';
import { PublisherCheckpoints } from './publisher-checkpoints';
import { idsOf, tellPartnerStory, type PartnerStory } from './testing/partner-story';
import { eventually, testBrokers, TopicReader, type ReceivedMessage } from './testing/topic-reader';

const topic = `engagement.events.test-${randomUUID()}`;
let reader: TopicReader;

interface World {
  readonly database: TestDatabase;
  readonly store: PostgresEventStore;
  readonly pool: Pool;
  readonly publishers: EventPublisher[];
}
const worlds: World[] = [];

// Each test gets its own database, so its publishers start from an empty feed.
async function newWorld(): Promise<World> {
  const database = await createTestDatabase('publisher');
  const store = await PostgresEventStore.connect({ connectionString: database.url });
  const pool = new Pool({ connectionString: database.url, max: 4 });
  const world = { database, store, pool, publishers: [] };
  worlds.push(world);
  return world;
}

function publisher(
  world: World,
  options: Partial<EventPublisherOptions> = {},
  brokers = testBrokers(),
): EventPublisher {
  const transport = new KafkaTransport({
    brokers,
    clientId: 'publisher-test',
    retry: { initialRetryTime: 100, maxRetryTime: 500, retries: 1 },
  });
  const created = new EventPublisher(world.store, world.pool, world.database.url, transport, {
    topic,
    source: '/engagement',
    batchSize: 4,
    lockRetryMs: 50,
    retryBackoffMs: { initial: 50, max: 200 },
    onError: (error) => process.env.DEBUG_PUBLISHER && console.log(error.message),
    ...options,
  });
  world.publishers.push(created);
  return created;
}

async function started(world: World, options: Partial<EventPublisherOptions> = {}): Promise<EventPublisher> {
  const created = publisher(world, options);
  await created.start();
  return created;
}

const countsById = (messages: readonly ReceivedMessage[]): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const { event } of messages) counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
  return counts;
};

const arrived = (ids: readonly string[]) => (): boolean => {
  const seen = countsById(reader.about(ids));
  return ids.every((id) => seen.has(id));
};

/** The stored checkpoint has not passed the story's first published event (it may pass earlier, empty pages). */
async function checkpointIsBefore(world: World, name: string, story: PartnerStory): Promise<boolean> {
  const first = story.events.find((event) => idsOf([story], true).includes(event.id));
  const checkpoint = await new PublisherCheckpoints(world.pool).read(name);
  return (
    first !== undefined && (checkpoint === undefined || comparePositions(checkpoint, first.position) < 0)
  );
}

/** Fully published: the checkpoint reached the feed head and the reader read everything Kafka holds. */
async function settled(from: EventPublisher): Promise<void> {
  await eventually(
    'the publisher to reach the feed head',
    async () => (await from.status()).positionsBehind === 0n,
  );
  await reader.caughtUp();
}

beforeAll(async () => {
  reader = await TopicReader.start(topic);
});

afterAll(async () => {
  for (const world of worlds) {
    await Promise.all(world.publishers.map((each) => each.stop()));
    await world.pool.end();
    await world.store.close();
    await world.database.drop();
  }
  await reader.close();
});

describe('Event publisher', () => {
  it('publishes the five engagement event types as CloudEvents keyed by partner id, and nothing else', async () => {
    const world = await newWorld();
    const story = await tellPartnerStory(world.store);
    const active = await started(world);
    const published = idsOf([story], true);
    await eventually('the story on the topic', arrived(published));
    await settled(active);

    const messages = reader.messages.filter((message) => message.key === story.partnerId);
    expect(messages.map((message) => message.event.id).sort()).toEqual([...published].sort());
    expect(reader.about(idsOf([story], false))).toEqual([]);
    for (const message of messages) {
      expect(message.headers['content-type']).toMatch(/^application\/cloudevents\+json/);
      expect(message.event).toMatchObject({
        source: '/engagement',
        subject: story.partnerId,
        specversion: '1.0',
      });
    }
    const { partnerId, taskId } = story;
    const byType = (type: string) => messages.find((message) => message.event.type === type)?.event.data;
    expect(byType('edu.university.engagement.partner-registered.v1')).toEqual({
      partnerId,
      name: 'Acme Robotics',
      webDomain: 'acme.example',
      tier: 'prospect',
      registeredVia: 'staff',
    });
    expect(byType('edu.university.engagement.partner-tier-changed.v1')).toEqual({
      partnerId,
      previousTier: 'prospect',
      tier: 'engaged',
      reason: 'Signed a research agreement',
    });
    expect(byType('edu.university.engagement.task-assigned.v1')).toEqual({
      taskId,
      partnerId,
      staffId: 'bob',
      assignedBy: 'alice',
      assignedAt: '2026-03-01T09:00:00.000Z',
      kind: 'follow-up',
      title: 'Follow up on the agreement',
      dueAt: '2026-03-08T09:00:00.000Z',
    });
    expect(byType('edu.university.engagement.task-escalated.v1')).toEqual({
      taskId,
      partnerId,
      toStaffId: 'maria',
      reason: 'Overdue',
      escalatedAt: '2026-03-09T09:00:00.000Z',
      assignee: { staffId: 'bob' },
      dueAt: '2026-03-08T09:00:00.000Z',
    });
    expect(byType('edu.university.engagement.task-completed.v1')).toEqual({
      taskId,
      partnerId,
      outcome: 'Meeting booked',
      completedBy: 'bob',
      completedAt: '2026-03-10T09:00:00.000Z',
    });
    // Business time from the event's metadata, normalised to UTC.
    expect(new Set(messages.map((message) => message.event.time))).toEqual(
      new Set(['2026-03-01T09:00:00.000Z']),
    );
    // One key, one partition: receivers see a partner's events in the order they happened.
    expect(new Set(messages.map((message) => message.partition)).size).toBe(1);
    const order = story.events.map((event) => event.id).filter((id) => published.includes(id));
    expect(messages.map((message) => message.event.id)).toEqual(order);
  });

  it('resumes after a normal restart without losing or repeating an event', async () => {
    const world = await newWorld();
    const first = await tellPartnerStory(world.store, 'before');
    const before = await started(world);
    await eventually('the first story', arrived(idsOf([first], true)));
    await settled(before);
    await before.stop();

    const second = await tellPartnerStory(world.store, 'after');
    const after = await started(world);
    await eventually('the second story', arrived(idsOf([second], true)));
    await settled(after);

    const counts = countsById(reader.about(idsOf([first, second], true)));
    expect([...counts.values()]).toEqual(idsOf([first, second], true).map(() => 1));
  });

  it('resends a batch Kafka acknowledged before a crash with the same ids, and only those', async () => {
    const world = await newWorld();
    const story = await tellPartnerStory(world.store, 'crash');
    let crashes = 0;
    // Crashes right after Kafka acknowledged its first batch, before the checkpoint moves, and is not restarted.
    const crashing = await started(world, {
      retryBackoffMs: { initial: 60_000, max: 60_000 },
      afterSend: () => {
        crashes += 1;
        return Promise.reject(new Error('crashed before the checkpoint'));
      },
    });
    await eventually('the crash', () => crashing.current.failing);
    await crashing.stop();
    await reader.caughtUp();
    const published = idsOf([story], true);
    const sentBeforeCrash = [...countsById(reader.about(published)).keys()];
    expect(sentBeforeCrash.length).toBeGreaterThan(0);
    expect(crashes).toBe(1);
    expect(await checkpointIsBefore(world, crashing.name, story)).toBe(true);

    const restarted = await started(world);
    await eventually('the story', arrived(published));
    await settled(restarted);

    const messages = reader.about(published);
    const counts = countsById(messages);
    expect([...counts.keys()].sort()).toEqual([...published].sort());
    const duplicated = [...counts].filter(([, count]) => count > 1).map(([id]) => id);
    expect(duplicated.length).toBeGreaterThan(0);
    expect(duplicated.every((id) => sentBeforeCrash.includes(id) && counts.get(id) === 2)).toBe(true);
    // A duplicate is the same CloudEvent: same id, type, time and data.
    for (const id of duplicated) {
      const copies = messages.filter((message) => message.event.id === id).map((message) => message.value);
      expect(new Set(copies).size).toBe(1);
    }
  });

  it('lets only one of two running publishers publish, and the other take over when it stops', async () => {
    const world = await newWorld();
    const [one, two] = await Promise.all([started(world), started(world)]);
    const first = await tellPartnerStory(world.store, 'pair');
    await eventually('the first story', arrived(idsOf([first], true)));
    await eventually('one owner', () => [one, two].filter((each) => each.current.owner).length === 1);
    const owner = one.current.owner ? one : two;
    const standby = owner === one ? two : one;
    await settled(owner);
    expect(standby.current.owner).toBe(false);

    await owner.stop();
    const second = await tellPartnerStory(world.store, 'takeover');
    await eventually('the second story', arrived(idsOf([second], true)));
    expect(standby.current.owner).toBe(true);
    await settled(standby);

    const all = idsOf([first, second], true);
    expect([...countsById(reader.about(all)).values()]).toEqual(all.map(() => 1));
  });

  it('stops just before an event it cannot publish instead of skipping it', async () => {
    const world = await newWorld();
    const partnerId = `poison-${randomUUID().slice(0, 8)}`;
    const event = (type: string, data: object) => ({ id: randomUUID(), type, data });
    const good = event('TierChanged', { partnerId, from: 'prospect', to: 'engaged', reason: 'MoU' });
    // A TaskCompleted without its outcome breaks the published schema.
    const broken = event('TaskCompleted', { taskId: 't1', partnerId, completedBy: 'bob', completedAt: 'x' });
    const later = event('TierChanged', { partnerId, from: 'engaged', to: 'partner', reason: 'Gift' });
    await world.store.append(`partner-${partnerId}`, [good], 'any');
    await world.store.append(`task-${randomUUID()}`, [broken], 'any');
    await world.store.append(`partner-${partnerId}`, [later], 'any');

    const stuck = await started(world);
    await eventually('the good event', arrived([good.id]));
    await eventually('repeated failures', () => stuck.current.failures >= 2);
    expect(stuck.current.lastError).toContain(broken.id);
    const [, brokenRecorded] = await world.store.readAll({}).then((page) => page.events);
    const checkpoint = await new PublisherCheckpoints(world.pool).read(stuck.name);
    expect(checkpoint && brokenRecorded && comparePositions(checkpoint, brokenRecorded.position)).toBe(-1);
    await reader.caughtUp();
    expect(reader.about([broken.id, later.id])).toEqual([]);
    expect(reader.about([good.id])).toHaveLength(1);
  });

  it('keeps its checkpoint and retries while Kafka is unreachable, then publishes everything once', async () => {
    const world = await newWorld();
    const story = await tellPartnerStory(world.store, 'outage');
    const port = await freePort();
    const [broker] = testBrokers();
    const [brokerHost, brokerPort] = (broker ?? '').split(':');
    const waiting = publisher(world, {}, [`127.0.0.1:${port}`]);
    await waiting.start();

    await eventually('repeated failures', () => waiting.current.failures >= 2);
    expect(waiting.current).toMatchObject({ owner: true, failing: true });
    expect(await checkpointIsBefore(world, waiting.name, story)).toBe(true);

    // Kafka comes back: bootstrap through a TCP relay now listening where the publisher looks.
    const relay = await listen(port, brokerHost ?? '127.0.0.1', Number(brokerPort));
    try {
      const published = idsOf([story], true);
      await eventually('the story after the outage', arrived(published));
      await settled(waiting);
      expect(waiting.current).toMatchObject({ failing: false, failures: 0 });
      expect([...countsById(reader.about(published)).values()]).toEqual(published.map(() => 1));
    } finally {
      await waiting.stop();
      await new Promise((resolve) => relay.close(resolve));
    }
  });
});

function listen(port: number, host: string, targetPort: number): Promise<Server> {
  const relay = createServer((client) => {
    const upstream = connect({ host, port: targetPort });
    client.pipe(upstream).pipe(client);
    const close = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  return new Promise((resolve) => relay.listen(port, '127.0.0.1', () => resolve(relay)));
}
