import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { createTopicsSettled } from '../../libs/campus-integration/src/kafka/create-topics';
import { TopicReader } from '../../libs/campus-integration/src/published/testing/topic-reader';
import { startTestApi, type TestApi } from '../support/api';

// The whole loop in one process: a campus message over Kafka → partner, gift, follow-up tasks → published events → audit trail.
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter((broker) => broker.length > 0);
const prefix = `story${randomBytes(4).toString('hex')}`;
const advancementTopic = `${prefix}.advancement.events`;
const publishedTopic = `${prefix}.engagement.events`;
const kafka = new Kafka({ clientId: `${prefix}-test`, brokers, logLevel: logLevel.NOTHING });
const admin_ = { sub: 'root', roles: ['admin'] } as const;
const staff = { sub: 'alice', roles: ['staff'] } as const;
const auditor = { sub: 'audrey', roles: ['auditor'] } as const;

let api: TestApi;
let admin: Admin;
let producer: Producer;
let published: TopicReader;

interface InboxTask {
  kind: string;
  title: string;
  status: string;
  assignee: { staffId: string } | { team: string };
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function registerStaff(staffId: string, team: string): Promise<string> {
  const response = await api.request<{ position: string }>('POST', '/v1/staff', {
    as: admin_,
    body: { staffId, name: `${staffId} Example`, email: `${staffId}@university.edu`, teams: [team] },
  });
  expect(response.status).toBe(201);
  return response.body.position;
}

beforeAll(async () => {
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set: run through jest');
  admin = kafka.admin();
  producer = kafka.producer({ idempotent: true });
  await Promise.all([admin.connect(), producer.connect()]);
  await createTopicsSettled(
    admin,
    [advancementTopic, `${advancementTopic}.dlq`].map((topic) => ({ topic, numPartitions: 1 })),
  );
  published = await TopicReader.start(publishedTopic);
  api = await startTestApi('continuum_story', {
    KAFKA_BROKERS: brokers.join(','),
    CAMPUS_TOPICS: advancementTopic,
    CAMPUS_CONSUMER_GROUP: prefix,
    CAMPUS_TOPIC_PARTITIONS: '1',
    PUBLISHED_EVENTS_TOPIC: publishedTopic,
  });
  await registerStaff('dana', 'data-stewardship');
  const lastStaff = await registerStaff('ada', 'advancement');
  // Assignment reads the staff directory: let it reach both registrations before any task is made.
  expect((await api.request('GET', `/v1/staff?minPosition=${lastStaff}`, { as: staff })).status).toBe(200);
}, 90_000);

afterAll(async () => {
  await api.close();
  await published.close();
  await producer.disconnect();
  await admin.deleteGroups([prefix]).catch(() => undefined);
  await admin
    .deleteTopics({ topics: [advancementTopic, `${advancementTopic}.dlq`, publishedTopic] })
    .catch(() => undefined);
  await admin.disconnect();
});

describe('A major gift from a company nobody knew yet', () => {
  const companyName = `Story Robotics ${prefix}`;
  const cloudEventId = `gift-${prefix}`;

  it('becomes a prospect partner with the gift on its 360, follow-up tasks for the right people, published events and a traceable history', async () => {
    await producer.send({
      topic: advancementTopic,
      acks: -1,
      messages: [
        {
          key: `advancement:ORG-${prefix}`,
          headers: { 'content-type': 'application/cloudevents+json' },
          value: JSON.stringify({
            specversion: '1.0',
            id: cloudEventId,
            source: '/campus/advancement',
            type: 'edu.university.advancement.gift-received.v1',
            time: '2026-11-02T15:04:05Z',
            data: {
              giftId: `G-${prefix}`,
              company: { system: 'advancement', id: `ORG-${prefix}`, name: companyName },
              amount: { amount: '30000.00', currency: 'USD' },
              giftType: 'CASH',
              designation: 'Robotics Lab Equipment Fund',
              receivedOn: '2026-11-02',
            },
          }),
        },
      ],
    });

    const partnerId = await eventually('the partner registered from the campus message', async () => {
      const list = await api.request<{ items: { partnerId: string }[] }>(
        'GET',
        `/v1/partners?search=${encodeURIComponent(companyName)}`,
        { as: staff },
      );
      return list.body.items[0]?.partnerId;
    });

    const view = await eventually('the gift on the partner 360', async () => {
      const response = await api.request<{ tier: string; lines: { giving: { gifts: { count: number } } } }>(
        'GET',
        `/v1/partners/${partnerId}`,
        { as: staff },
      );
      return response.body.lines.giving.gifts.count === 1 ? response.body : undefined;
    });
    expect(view.tier).toBe('prospect');

    const tasks = await eventually('the playbooks\u2019 follow-up tasks', async () => {
      const response = await api.request<{ items: InboxTask[] }>('GET', `/v1/tasks?partnerId=${partnerId}`, {
        as: staff,
      });
      const titles = response.body.items.map((task) => task.title);
      const expected = ['Acknowledge the gift', 'Executive thank-you', 'Review new partner record'];
      return expected.every((title) => titles.includes(title)) ? response.body.items : undefined;
    });
    // No owner yet: the gift work falls to the advancement team's least-loaded member, the review to data stewardship.
    expect(tasks.find((task) => task.title === 'Acknowledge the gift')?.assignee).toEqual({ staffId: 'ada' });
    expect(tasks.find((task) => task.title === 'Review new partner record')?.assignee).toEqual({
      staffId: 'dana',
    });

    await eventually('partner-registered and task-assigned on the published topic', () => {
      const mine = published.messages.filter((message) => message.key === partnerId);
      const types = new Set(mine.map((message) => message.event.type));
      return types.has('edu.university.engagement.partner-registered.v1') &&
        types.has('edu.university.engagement.task-assigned.v1')
        ? Promise.resolve(true)
        : Promise.resolve(undefined);
    });
    const ids = published.messages.map((message) => message.event.id);
    expect(new Set(ids).size).toBe(ids.length);

    const history = await api.request<{
      entries: { type: string; causationId?: string; sourceSystem?: string }[];
    }>('GET', `/v1/audit/partners/${partnerId}/history`, { as: auditor });
    expect(history.status).toBe(200);
    const gift = history.body.entries.find((entry) => entry.type === 'GiftReceived');
    // An auditor can follow the domain event back to the campus message that caused it.
    expect(gift).toMatchObject({ causationId: cloudEventId });
  }, 150_000);
});
