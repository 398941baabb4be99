import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Admin, type Producer } from 'kafkajs';
import { Registry } from 'prom-client';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import type { CampusIngestion } from '../inbound/campus-ingestion';
import { kafkaKeyOf, sampleEvent, type SampleCompany } from '../testing/campus-event-samples';
import { openCampusHarness, type CampusHarness } from '../testing/campus-harness';
import { campusEventSources } from '../testing/campus-sources';
import { CampusConsumer } from './campus-consumer';
import { createTopicsSettled } from './create-topics';
import { CampusMetrics } from './campus-metrics';
import { CampusRecordHandler } from './campus-record-handler';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter((broker) => broker.length > 0);
const run = randomBytes(4).toString('hex');
const topic = `campus-consumer-${run}.advancement.events`;
const groupId = `campus-consumer-${run}`;
const kafka = new Kafka({ clientId: groupId, brokers, logLevel: logLevel.NOTHING });
const COMPANIES = 30;

let database: TestDatabase;
let harness: CampusHarness;
let admin: Admin;
let producer: Producer;

beforeAll(async () => {
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set: run through jest');
  database = await createTestDatabase('campus_consumer');
  harness = await openCampusHarness(database.url);
  admin = kafka.admin();
  producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
  await Promise.all([admin.connect(), producer.connect()]);
  await createTopicsSettled(
    admin,
    [topic, `${topic}.dlq`].map((name) => ({ topic: name, numPartitions: 3 })),
  );
}, 60_000);

afterAll(async () => {
  await producer.disconnect();
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.deleteTopics({ topics: [topic, `${topic}.dlq`] }).catch(() => undefined);
  await admin.disconnect();
  await harness.close();
  await database.drop();
});

function consumerWith(ingestion: CampusIngestion, lanes = 1): CampusConsumer {
  const metrics = new CampusMetrics(new Registry());
  const handler = new CampusRecordHandler(ingestion, harness.inbox, harness.deadLetters, producer, metrics, {
    sources: campusEventSources,
    dlqSuffix: '.dlq',
  });
  return new CampusConsumer(kafka, handler, metrics, {
    topics: [topic],
    groupId,
    dlqSuffix: '.dlq',
    partitionsConcurrently: 3,
    topicPartitions: 3,
    lanes,
  });
}

/** Ingests `limit` events, then fails every call as a crashed process would. */
function crashingAfter(limit: number): CampusIngestion {
  let calls = 0;
  const ingestion = Object.create(harness.ingestion) as CampusIngestion;
  ingestion.ingest = (event, options) =>
    (calls += 1) <= limit
      ? harness.ingestion.ingest(event, options)
      : Promise.reject(new Error('simulated crash'));
  return ingestion;
}

const count = async (sql: string): Promise<number> =>
  Number((await harness.pool.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
const appliedInInbox = () =>
  count(`SELECT count(*) AS n FROM campus_integration.inbox WHERE status = 'applied'`);

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 45_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('CampusConsumer', () => {
  it('resumes after a crash mid-stream, on two lanes, without losing or doubling anything, in order per key', async () => {
    // Per company: a pledge, then a gift paying it. A gift overtaking its pledge would be a dead letter.
    const events = Array.from({ length: COMPANIES }, (_, index) => {
      const company: SampleCompany = { system: 'advancement', id: `ORG-${index}`, name: `Company ${index}` };
      return [
        sampleEvent('edu.university.advancement.pledge-made.v1', company, `c${index}`),
        sampleEvent('edu.university.advancement.gift-received.v1', company, `c${index}`),
        sampleEvent('edu.university.curriculum.capstone-sponsored.v1', company, `c${index}`),
      ];
    }).flat();
    await producer.send({
      topic,
      acks: -1,
      messages: events.map((event) => ({
        key: kafkaKeyOf(event),
        value: JSON.stringify({ ...event, source: '/campus/advancement' }),
        headers: { 'content-type': 'application/cloudevents+json' },
      })),
    });

    const first = consumerWith(crashingAfter(25));
    await first.start();
    await eventually(async () => (await appliedInInbox()) >= 25, 'the first consumer to apply 25 events');
    await first.stop();
    const appliedByFirst = await appliedInInbox();
    expect(appliedByFirst).toBeLessThan(events.length);

    // Two members of the group now share the partitions, each fetching its own.
    const second = consumerWith(harness.ingestion, 2);
    await second.start();
    try {
      await eventually(async () => (await appliedInInbox()) === events.length, 'every event applied');
      await eventually(
        async () => (await second.lag()).every((reading) => reading.lag === 0),
        'the committed offsets to reach the end',
      );
    } finally {
      await second.stop();
    }
    expect(await count(`SELECT count(*) AS n FROM campus_integration.dead_letters`)).toBe(0);
    for (let index = 0; index < COMPANIES; index += 1) {
      expect((await harness.store.readStream(`gift-G-c${index}`)).map((e) => e.type)).toEqual([
        'GiftReceived',
      ]);
      expect((await harness.store.readStream(`pledge-P-c${index}`)).map((e) => e.type)).toEqual([
        'PledgeMade',
        'PledgePaymentApplied',
      ]);
      expect(await harness.store.readStream(`capstone-CAP-c${index}`)).toHaveLength(1);
    }
  }, 120_000);
});
