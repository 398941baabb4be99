import {
  comparePositions,
  isAfter,
  PostgresEventStore,
  type GlobalPosition,
  type NewEvent,
  type SqlQuery,
} from '@continuum/event-store';
import { generationSchema, ProjectionStore, scopeOf } from '@continuum/projections';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { PartnerHistoryReader } from './history-reader';
import { auditPartnerIndexProjection } from './partner-index.projection';
import { PartnerSnapshots } from './partner-snapshots';
import { PartnerStateReader } from './partner-state-reader';

let database: TestDatabase;
let store: PostgresEventStore;
let dataSource: DataSource;
let query: SqlQuery;

beforeAll(async () => {
  database = await createTestDatabase('audit_history');
  store = await PostgresEventStore.connect({ connectionString: database.url });
  dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
  query = <Row>(sql: string, parameters: readonly unknown[]) => dataSource.query<Row[]>(sql, [...parameters]);
});

afterAll(async () => {
  await dataSource.destroy();
  await store.close();
  await database.drop();
});

const event = (type: string, data: object, occurredAt = '2026-01-05T10:00:00.000Z'): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: { occurredAt, actor: 'tester' },
});

/**
 * Builds the index's live generation straight from the feed, up to `last` (the runner itself is tested in
 * libs/projections). Bounded wait: a writing transaction elsewhere on the server may hold the feed back.
 */
async function buildIndex(last: GlobalPosition): Promise<void> {
  const projections = new ProjectionStore(dataSource);
  await projections.migrate();
  const generation = await projections.activeGeneration(auditPartnerIndexProjection);
  const schema = generationSchema(auditPartnerIndexProjection.name, generation);
  const deadline = Date.now() + 30_000;
  let checkpoint: GlobalPosition | undefined;
  while (!checkpoint || comparePositions(checkpoint, last) < 0) {
    if (Date.now() > deadline) throw new Error('the feed did not reach the last append within 30 s');
    const page = await store.readAll({ from: checkpoint, maxCount: 1000 });
    await dataSource.transaction(async (manager) => {
      for (const event of page.events)
        await auditPartnerIndexProjection.apply(scopeOf(manager, schema), event);
    });
    if (page.checkpoint && isAfter(page.checkpoint, checkpoint)) checkpoint = page.checkpoint;
    else await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Reading a partner history through the index', () => {
  const acme = `acme${randomUUID().slice(0, 6)}`;
  const dup = `dup${randomUUID().slice(0, 6)}`;
  const other = `other${randomUUID().slice(0, 6)}`;

  beforeAll(async () => {
    const registered = (partnerId: string, name: string) =>
      event('PartnerRegistered', { partnerId, name, tier: 'prospect', registeredVia: 'staff' });
    await store.append(`partner-${acme}`, [registered(acme, 'Acme')], 'no_stream');
    await store.append(`partner-${dup}`, [registered(dup, 'ACME Inc')], 'no_stream');
    await store.append(`partner-${other}`, [registered(other, 'Other')], 'no_stream');
    for (let i = 0; i < 7; i += 1) {
      const giftId = randomUUID();
      const partnerId = i === 6 ? other : i % 3 === 2 ? dup : acme;
      await store.append(
        `gift-${giftId}`,
        [
          event('GiftReceived', {
            giftId,
            partnerId,
            amount: { amount: `${i + 1}00.00`, currency: 'USD' },
            giftType: 'CASH',
            designation: 'Lab',
            receivedOn: '2026-01-05',
          }),
          event('GiftAcknowledged', { giftId, partnerId, acknowledgedBy: 'olivia' }),
        ],
        'no_stream',
      );
    }
    await store.append(
      `partner-${dup}`,
      [
        event('PartnerMergedInto', {
          partnerId: dup,
          survivorId: acme,
          reason: 'duplicate',
          externalLinks: [],
        }),
      ],
      'any',
    );
    const last = await store.append(
      `auditlog-${acme}`,
      [event('AuditRecordViewed', { partnerId: acme, query: 'history' })],
      'any',
    );
    await buildIndex(last.position);
  });

  it('reads every event about the partner and its merged duplicate, in global order, and nothing else', async () => {
    const reader = new PartnerHistoryReader(store, query);
    const page = await reader.page(acme, {}, { limit: 100 });
    expect([...page.partnerIds].sort()).toEqual([acme, dup].sort());
    expect(page.entries).toHaveLength(1 + 1 + 2 * 6 + 1);
    expect(page.entries.some((e) => e.partnerId === other || e.type === 'AuditRecordViewed')).toBe(false);
    const positions = page.entries.map((e) => BigInt(e.position));
    expect(positions.every((p, i) => i === 0 || positions[i - 1]! < p)).toBe(true);
    const own = await reader.page(acme, { includeMerged: false }, { limit: 100 });
    expect(new Set(own.entries.map((e) => e.partnerId))).toEqual(new Set([acme]));
  });

  it('answers the same pages through the port alone as through the batched read', async () => {
    const batched = new PartnerHistoryReader(store, query);
    const portOnly = new PartnerHistoryReader(store, query, { batchedReads: false });
    let cursor: string | undefined;
    let pages = 0;
    do {
      const [a, b] = await Promise.all([
        batched.page(acme, {}, { limit: 4, cursor }),
        portOnly.page(acme, {}, { limit: 4, cursor }),
      ]);
      expect(b).toEqual(a);
      cursor = a.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(4);
  });

  it('folds the merged duplicate gifts into the survivor state', async () => {
    const state = await new PartnerStateReader(new PartnerHistoryReader(store, query)).asOf(
      acme,
      new Date(),
      'recorded',
    );
    expect(state.profile.name).toBe('Acme');
    // Gifts 1, 2, 4, 5 (acme) and 3, 6 (dup): 100+200+400+500+300+600.
    expect(state.giving.giftsReceived).toEqual([{ amount: '2100.00', currency: 'USD' }]);
  });
});

describe('State as of a moment, with snapshots', () => {
  it('answers exactly what folding from the first event answers, on both bases, at every moment', async () => {
    const partnerId = `snap${randomUUID().slice(0, 6)}`;
    const recordedTimes: Date[] = [];
    let last: GlobalPosition | undefined;
    await store.append(
      `partner-${partnerId}`,
      [
        event(
          'PartnerRegistered',
          { partnerId, name: 'Snap', tier: 'prospect', registeredVia: 'staff' },
          '2026-01-01T00:00:00.000Z',
        ),
      ],
      'no_stream',
    );
    // Business times out of order: some gifts are recorded long after they were received.
    const occurred = [
      '2026-01-03',
      '2026-01-02',
      '2026-01-08',
      '2025-12-20',
      '2026-01-09',
      '2026-01-04',
      '2026-01-12',
      '2026-01-10',
      '2026-01-11',
      '2026-01-05',
    ];
    for (const [i, day] of occurred.entries()) {
      const giftId = randomUUID();
      last = (
        await store.append(
          `gift-${giftId}`,
          [
            event(
              'GiftReceived',
              {
                giftId,
                partnerId,
                amount: { amount: `${i + 1}.00`, currency: 'USD' },
                giftType: 'CASH',
                designation: 'Lab',
                receivedOn: day,
              },
              `${day}T12:00:00.000Z`,
            ),
          ],
          'no_stream',
        )
      ).position;
      if (i % 3 === 1)
        last = (
          await store.append(
            `partner-${partnerId}`,
            [
              event(
                'TierChanged',
                { partnerId, from: 'prospect', to: i % 2 ? 'engaged' : 'partner', reason: 'r' },
                `${day}T13:00:00.000Z`,
              ),
            ],
            'any',
          )
        ).position;
      await new Promise((resolve) => setTimeout(resolve, 3));
      recordedTimes.push(new Date());
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    await buildIndex(last!);
    const history = new PartnerHistoryReader(store, query);
    const plain = new PartnerStateReader(history);
    const snapshotted = new PartnerStateReader(history, new PartnerSnapshots(query, 3));
    const occurredMoments = [...occurred, '2025-12-31', '2026-02-01'].map(
      (day) => new Date(`${day}T12:30:00.000Z`),
    );
    const moments = [
      ...recordedTimes.map((at) => ({ at, basis: 'recorded' as const })),
      ...occurredMoments.map((at) => ({ at, basis: 'occurred' as const })),
    ];
    let fromSnapshots = 0;
    let fromCuts = 0;
    const probe = new PartnerSnapshots(query, 3);
    for (const { at, basis } of moments) {
      const expected = await plain.asOf(partnerId, at, basis);
      const actual = await snapshotted.asOf(partnerId, at, basis);
      expect([basis, at.toISOString(), actual]).toEqual([basis, at.toISOString(), expected]);
      if (await probe.usableFor([partnerId], at, basis)) fromSnapshots += 1;
      if (basis === 'occurred' && (await probe.usableForOccurred([partnerId], history, at))) fromCuts += 1;
    }
    // Both kinds of snapshot were actually used.
    expect(fromSnapshots).toBeGreaterThan(moments.length / 3);
    expect(fromCuts).toBeGreaterThan(occurredMoments.length / 3);

    // Long folds by business time left their answers behind; asked again, later in the same gap and
    // backwards, the answers stay those of the fold from the first event.
    const [counted] = await query<{ answers: string }>(
      `SELECT count(*) AS answers FROM audit.partner_cut_snapshots WHERE kind = 'answer'`,
      [],
    );
    expect(Number(counted?.answers)).toBeGreaterThan(0);
    const again = occurredMoments.flatMap((at) => [at, new Date(at.getTime() + 15 * 60_000)]).reverse();
    // Remembering after a single event: folds leave answers midway too, one event before their end.
    const eager = new PartnerStateReader(history, new PartnerSnapshots(query, 3, { rememberAfter: 1 }));
    for (const at of again) {
      const expected = await plain.asOf(partnerId, at, 'occurred');
      expect([at.toISOString(), await snapshotted.asOf(partnerId, at, 'occurred')]).toEqual([
        at.toISOString(),
        expected,
      ]);
      expect([at.toISOString(), await eager.asOf(partnerId, at, 'occurred')]).toEqual([
        at.toISOString(),
        expected,
      ]);
    }
  });
});
