import {
  CampusIngestion,
  DeadLetterStore,
  deadLetterHeaders,
  partnerIdForCompany,
  replayDeadLetters,
} from '@continuum/campus-integration';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Admin, type IHeaders, type Producer } from 'kafkajs';
import { createTopicsSettled } from '../../libs/campus-integration/src/kafka/create-topics';
import {
  allTypesInOrder,
  kafkaKeyOf,
  sampleEvent,
  topicOf,
  type RawCampusEvent,
  type SampleCompany,
} from '../../libs/campus-integration/src/testing/campus-event-samples';
import { startTestApi, type TestApi } from '../support/api';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter((broker) => broker.length > 0);
const prefix = `ck${randomBytes(4).toString('hex')}`;
const systems = ['research', 'careers', 'advancement', 'curriculum', 'workforce', 'tech-transfer'];
const topics = systems.map((system) => `${prefix}.${system}.events`);
const kafka = new Kafka({ clientId: `${prefix}-test`, brokers, logLevel: logLevel.NOTHING });
const staff = { sub: 'alice', roles: ['staff'] } as const;
const admin_ = { sub: 'root', roles: ['admin'] } as const;
const integration = { sub: 'campus', roles: ['integration'] } as const;

let api: TestApi;
let admin: Admin;
let producer: Producer;

beforeAll(async () => {
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set: run through jest');
  admin = kafka.admin();
  producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
  await Promise.all([admin.connect(), producer.connect()]);
  await createTopicsSettled(
    admin,
    topics.flatMap((topic) => [topic, `${topic}.dlq`]).map((topic) => ({ topic, numPartitions: 3 })),
  );
  api = await startTestApi('campus_kafka', {
    KAFKA_BROKERS: brokers.join(','),
    CAMPUS_TOPICS: topics.join(','),
    CAMPUS_CONSUMER_GROUP: prefix,
    CAMPUS_TOPIC_PARTITIONS: '3',
  });
}, 60_000);

afterAll(async () => {
  await api.close();
  await producer.disconnect();
  await admin.deleteGroups([prefix]).catch(() => undefined);
  await admin
    .deleteTopics({ topics: topics.flatMap((topic) => [topic, `${topic}.dlq`]) })
    .catch(() => undefined);
  await admin.disconnect();
});

async function eventually<T>(
  read: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Structured mode: the CloudEvent is the value. */
async function sendStructured(event: RawCampusEvent, value = JSON.stringify(event), key = kafkaKeyOf(event)) {
  await producer.send({
    topic: topicOf(event, prefix),
    acks: -1,
    messages: [{ key, value, headers: { 'content-type': 'application/cloudevents+json' } }],
  });
}

/** Binary mode: attributes as ce_ headers, data as the value. */
async function sendBinary(event: RawCampusEvent) {
  const { data, ...attributes } = event;
  const headers: IHeaders = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(attributes)) headers[`ce_${name}`] = value;
  await producer.send({
    topic: topicOf(event, prefix),
    acks: -1,
    messages: [{ key: kafkaKeyOf(event), value: JSON.stringify(data), headers }],
  });
}

const stream = (name: string) => api.eventStore.readStream(name);
const applied = (name: string, count = 1) =>
  eventually(
    async () => ((await stream(name)).length >= count ? true : undefined),
    `${count} event(s) on ${name}`,
  );

const company = (id: string, domain?: string): SampleCompany => ({
  system: 'research',
  id,
  name: `${id} Labs`,
  ...(domain === undefined ? {} : { domain }),
});

interface DeadLetterPage {
  items: {
    id: string;
    topic: string;
    reason: string;
    key: string | null;
    replayed: boolean;
    offset: string;
  }[];
  nextCursor?: string;
}

describe('campus events over Kafka', () => {
  const initech = company('ORG-K1', 'initech.example');
  const events = allTypesInOrder.map((type) => sampleEvent(type, initech, 'k1'));
  const partnerId = partnerIdForCompany(initech.system, initech.id);

  it('applies every contract type, in structured and binary mode', async () => {
    // Follow-ups are keyed by their line's id (the contract), so they may overtake: each waits for its line.
    const followUps = new Map([
      ['edu.university.research.agreement-amended.v1', 'agreement-AG-k1'],
      ['edu.university.research.agreement-terminated.v1', 'agreement-AG-k1'],
      ['edu.university.careers.placement-completed.v1', 'placement-PL-k1'],
    ]);
    for (const [index, event] of events.entries()) {
      const line = followUps.get(event.type);
      if (line) await applied(line, event.type.endsWith('terminated.v1') ? 2 : 1);
      await (index % 2 === 0 ? sendStructured(event) : sendBinary(event));
    }
    for (const name of [
      'agreement-AG-k1',
      'placement-PL-k1',
      'recruiting-RE-k1',
      'gift-G-k1',
      'advisory-BRD-k1',
      'capstone-CAP-k1',
      'training-TC-k1',
      'license-LIC-k1',
    ])
      await applied(name);
    await applied('agreement-AG-k1', 3);
    await applied('placement-PL-k1', 2);
    await applied('pledge-P-k1', 2);
    const view = await eventually(async () => {
      const response = await api.request<{ lines: Record<string, Record<string, unknown>> }>(
        'GET',
        `/v1/partners/${partnerId}`,
        { as: staff },
      );
      return response.status === 200 && response.body.lines.licensing?.licenses === 1
        ? response.body
        : undefined;
    }, 'the partner 360');
    expect(view.lines).toMatchObject({
      research: { agreements: 1 },
      placements: { allTime: { placements: 1, completed: 1 } },
      giving: { gifts: { count: 1 }, pledges: { count: 1 } },
      training: { contracts: 1 },
    });
    const [placed] = await stream('placement-PL-k1');
    expect(placed?.data).toMatchObject({ partnerId });
    expect(placed?.metadata).toMatchObject({ causationId: events[3]?.id, actor: '/campus/careers' });
  }, 90_000);

  it('acknowledges a redelivered message without a second effect', async () => {
    const [signed] = events;
    if (!signed) throw new Error('no sample');
    const before = (await stream('agreement-AG-k1')).length;
    const partnerEvents = (await stream(`partner-${partnerId}`)).length;
    await sendStructured(signed);
    await sendBinary(signed);
    // Same key, so same partition, after the redeliveries: once it shows, they were handled.
    const sentinel = sampleEvent('edu.university.research.agreement-signed.v1', initech, 'k1-sentinel');
    await sendStructured(sentinel);
    await applied('agreement-AG-k1-sentinel');
    expect((await stream('agreement-AG-k1')).length).toBe(before);
    expect((await stream(`partner-${partnerId}`)).length).toBe(partnerEvents);
    const metrics = await api.request<string>('GET', '/metrics');
    expect(metrics.body).toMatch(
      new RegExp(
        `continuum_campus_events_total\\{topic="${prefix}.research.events",outcome="duplicate"\\} 2`,
      ),
    );
  });

  describe('bad messages', () => {
    const research = `${prefix}.research.events`;
    const key = 'research:ORG-BAD';
    const badCompany = company('ORG-BAD');
    const signed = sampleEvent('edu.university.research.agreement-signed.v1', badCompany, 'bad-0');
    const withoutSpecversion: Record<string, unknown> = { ...signed, id: 'no-specversion' };
    delete withoutSpecversion.specversion;
    const bad: { reason: string; value: string }[] = [
      { reason: 'not-json', value: '{"specversion": "1.0", oops' },
      { reason: 'invalid-cloudevent', value: JSON.stringify(withoutSpecversion) },
      {
        reason: 'unknown-type',
        value: JSON.stringify({ ...signed, id: 'unknown-1', type: 'edu.university.research.coffee-had.v1' }),
      },
      {
        reason: 'invalid-data',
        value: JSON.stringify({ ...signed, id: 'invalid-1', data: { ...signed.data, kind: 'HANDSHAKE' } }),
      },
      {
        reason: 'conflicting-duplicate',
        value: JSON.stringify({ ...events[0], data: { ...events[0]?.data, title: 'Changed' } }),
      },
      {
        reason: 'unknown-reference',
        value: JSON.stringify(
          sampleEvent('edu.university.research.agreement-amended.v1', badCompany, 'nowhere'),
        ),
      },
    ];

    it('sends each to <topic>.dlq unchanged with its reason and origin, and goes on with the next', async () => {
      for (const { value } of bad)
        await producer.send({
          topic: research,
          acks: -1,
          messages: [
            { key, value, headers: { 'content-type': 'application/cloudevents+json', 'x-trace': 'kept' } },
          ],
        });
      await sendStructured(signed, JSON.stringify(signed), key);
      await applied('agreement-AG-bad-0');

      const page = await eventually(async () => {
        const response = await api.request<DeadLetterPage>('GET', `/v1/dead-letters?topic=${research}`, {
          as: admin_,
        });
        return response.body.items.length >= bad.length ? response.body : undefined;
      }, 'the dead letters');
      expect(page.items.map((item) => item.reason).reverse()).toEqual(bad.map(({ reason }) => reason));
      expect(page.items.every((item) => item.key === key && !item.replayed)).toBe(true);

      const onDlq = await readTopic(`${research}.dlq`, bad.length);
      expect(onDlq.map((message) => message.value)).toEqual(bad.map(({ value }) => value));
      for (const [index, message] of onDlq.entries()) {
        expect(message.key).toBe(key);
        expect(message.headers).toMatchObject({
          'content-type': 'application/cloudevents+json',
          'x-trace': 'kept',
          [deadLetterHeaders.reason]: bad[index]?.reason,
          [deadLetterHeaders.topic]: research,
        });
        expect(message.headers[deadLetterHeaders.message]).toEqual(expect.any(String));
        expect(message.headers[deadLetterHeaders.offset]).toBe(page.items.at(-1 - index)?.offset);
      }

      const filtered = await api.request<DeadLetterPage>(
        'GET',
        `/v1/dead-letters?topic=${research}&reason=unknown-type`,
        { as: integration },
      );
      expect(filtered.body.items.map((item) => item.reason)).toEqual(['unknown-type']);
      const first = await api.request<DeadLetterPage>('GET', `/v1/dead-letters?topic=${research}&limit=4`, {
        as: admin_,
      });
      const second = await api.request<DeadLetterPage>(
        'GET',
        `/v1/dead-letters?topic=${research}&limit=4&cursor=${first.body.nextCursor ?? ''}`,
        { as: admin_ },
      );
      expect([...first.body.items, ...second.body.items].map((item) => item.id)).toEqual(
        page.items.map((item) => item.id),
      );
      expect(second.body.nextCursor).toBeUndefined();
      const forbidden = await api.request('GET', '/v1/dead-letters', { as: staff });
      expect(forbidden.status).toBe(403);
      const metrics = await api.request<string>('GET', '/metrics');
      expect(metrics.body).toContain(
        `continuum_campus_dead_letters_total{topic="${research}",reason="unknown-reference"} 1`,
      );
    });

    it('replays the dead letters once their cause is fixed, with the same idempotency', async () => {
      // The fix: the agreement the amendment names is signed now.
      await sendStructured(sampleEvent('edu.university.research.agreement-signed.v1', badCompany, 'nowhere'));
      await applied('agreement-AG-nowhere');
      const replay = () =>
        replayDeadLetters(kafka, api.app.get(CampusIngestion), api.app.get(DeadLetterStore), {
          topic: research,
          dlqSuffix: '.dlq',
          sources: [
            '/campus/research',
            '/campus/careers',
            '/campus/advancement',
            '/campus/curriculum',
            '/campus/workforce',
            '/campus/tech-transfer',
          ],
        });
      expect(await replay()).toEqual({ replayed: 1, stillFailing: 5, skipped: 0 });
      const amended = await stream('agreement-AG-nowhere');
      expect(amended.map((event) => event.type)).toEqual(['AgreementSigned', 'AgreementAmended']);
      const listed = await api.request<DeadLetterPage>(
        'GET',
        `/v1/dead-letters?topic=${research}&reason=unknown-reference`,
        { as: admin_ },
      );
      expect(listed.body.items.map((item) => item.replayed)).toEqual([true]);

      expect(await replay()).toEqual({ replayed: 0, stillFailing: 5, skipped: 1 });
      expect((await stream('agreement-AG-nowhere')).length).toBe(2);
    }, 60_000);
  });

  it('makes one partner of two messages about one new company arriving together', async () => {
    const newcomer: SampleCompany = { system: 'crm', id: 'NEW-1', name: 'Hooli', domain: 'hooli.example' };
    // Different topics, so different partitions processed side by side.
    await Promise.all([
      sendStructured(sampleEvent('edu.university.research.agreement-signed.v1', newcomer, 'hooli')),
      sendStructured(sampleEvent('edu.university.careers.intern-placed.v1', newcomer, 'hooli')),
      sendStructured(sampleEvent('edu.university.curriculum.capstone-sponsored.v1', newcomer, 'hooli')),
      sendStructured(sampleEvent('edu.university.workforce.training-contract-signed.v1', newcomer, 'hooli')),
    ]);
    for (const name of [
      'agreement-AG-hooli',
      'placement-PL-hooli',
      'capstone-CAP-hooli',
      'training-TC-hooli',
    ])
      await applied(name);
    const partnerIds = new Set(
      await Promise.all(
        ['agreement-AG-hooli', 'placement-PL-hooli', 'capstone-CAP-hooli', 'training-TC-hooli'].map(
          async (name) => ((await stream(name))[0]?.data as { partnerId: string }).partnerId,
        ),
      ),
    );
    expect([...partnerIds]).toEqual([partnerIdForCompany('crm', 'NEW-1')]);
    const partner = await stream(`partner-${partnerIdForCompany('crm', 'NEW-1')}`);
    expect(partner.filter((event) => event.type === 'PartnerRegistered')).toHaveLength(1);
    expect(partner.filter((event) => event.type === 'ExternalRecordLinked')).toHaveLength(1);
  });
});

interface ReadMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** The first `count` messages of a topic, in offset order (all test messages share one key, so one partition). */
async function readTopic(topic: string, count: number): Promise<ReadMessage[]> {
  const groupId = `${prefix}-reader-${randomBytes(3).toString('hex')}`;
  const consumer = kafka.consumer({ groupId });
  const received: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        received.push({
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
          headers: Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([name, value]) => [
              name,
              String(Array.isArray(value) ? value[0] : value),
            ]),
          ),
        });
        return Promise.resolve();
      },
    });
    await eventually(
      () => Promise.resolve(received.length >= count ? true : undefined),
      `${count} messages on ${topic}`,
    );
    return received;
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
}
