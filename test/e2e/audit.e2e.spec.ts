import {
  auditLogStream,
  ProjectionVerifier,
  type HistoryEntry,
  type PartnerStateView,
} from '@continuum/audit';
import { formatPosition } from '@continuum/event-store';
import { partner360Projection } from '@continuum/partners';
import { ProjectionStore } from '@continuum/projections';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let sql: Client;
const staff = { sub: 'alice', roles: ['staff'] } as const;
const manager = { sub: 'maria', roles: ['manager'] } as const;
const auditor = { sub: 'audrey', roles: ['auditor'] } as const;

beforeAll(async () => {
  api = await startTestApi('audit');
  sql = new Client({ connectionString: api.databaseUrl });
  await sql.connect();
});

afterAll(async () => {
  await sql.end();
  await api.close();
});

async function command(
  method: string,
  path: string,
  body: unknown,
  as: typeof staff | typeof manager = staff,
) {
  const response = await api.request<{ position: string }>(method, path, { as, body });
  expect([200, 201]).toContain(response.status);
  return response.body.position;
}

async function append(stream: string, type: string, data: object, occurredAt: string): Promise<string> {
  const result = await api.eventStore.append(
    stream,
    [
      {
        id: randomUUID(),
        type,
        data,
        metadata: { occurredAt, actor: 'advancement-sync', sourceSystem: 'advancement' },
      },
    ],
    'any',
  );
  return formatPosition(result.position);
}

const audit = <Body>(path: string, as: { sub: string; roles: readonly string[] } = auditor, headers = {}) =>
  api.request<Body>('GET', path, { as: as as typeof auditor, headers });

/** Now, once the clock has moved past it: times are milliseconds, and so are as-of moments. */
async function aMomentPassed(): Promise<Date> {
  const moment = new Date();
  while (Date.now() <= moment.getTime() + 1) await new Promise((resolve) => setTimeout(resolve, 1));
  return moment;
}

/** A partner with events in four streams; the gift is recorded last but happened first. */
async function partnerWithHistory() {
  const partnerId = `p${randomUUID().slice(0, 8)}`;
  await command('POST', '/v1/partners', { partnerId, name: 'Acme Robotics', tier: 'prospect' });
  await command('PUT', `/v1/partners/${partnerId}/owner`, { staffId: 'olivia' });
  const afterOwner = await aMomentPassed();
  const agreementId = randomUUID();
  await append(
    `agreement-${agreementId}`,
    'AgreementSigned',
    {
      agreementId,
      partnerId,
      kind: 'NDA',
      title: 'Mutual NDA',
      effectiveDate: '2026-02-01',
    },
    '2026-02-01T09:00:00.000Z',
  );
  const taskId = randomUUID();
  await append(
    `task-${taskId}`,
    'TaskCreated',
    {
      taskId,
      partnerId,
      kind: 'call',
      title: 'Call the CTO',
      dueAt: '2026-12-31T00:00:00.000Z',
      assignee: { staffId: 'olivia' },
      origin: { createdBy: 'olivia' },
      createdAt: '2026-02-02T00:00:00.000Z',
    },
    '2026-02-02T00:00:00.000Z',
  );
  await command(
    'PUT',
    `/v1/partners/${partnerId}/tier`,
    { tier: 'engaged', reason: 'first agreement' },
    manager,
  );
  const afterTier = await aMomentPassed();
  const giftId = randomUUID();
  const last = await append(
    `gift-${giftId}`,
    'GiftReceived',
    {
      giftId,
      partnerId,
      amount: { amount: '25000.00', currency: 'USD' },
      giftType: 'CASH',
      designation: 'Robotics lab',
      receivedOn: '2025-12-15',
    },
    '2025-12-15T12:00:00.000Z',
  );
  const streams = [`partner-${partnerId}`, `agreement-${agreementId}`, `task-${taskId}`, `gift-${giftId}`];
  return { partnerId, agreementId, taskId, giftId, afterOwner, afterTier, last, streams };
}

describe('Audit API', () => {
  let acme: Awaited<ReturnType<typeof partnerWithHistory>>;
  // Playbooks in the worker may add tasks of their own about the partner: assertions on exact lists
  // look at the streams this test wrote.
  const mine = (entries: readonly HistoryEntry[]) => entries.filter((e) => acme.streams.includes(e.stream));
  beforeAll(async () => {
    acme = await partnerWithHistory();
  });

  it('answers the history across all the partner streams, in global order, with every envelope field', async () => {
    const response = await audit<{ entries: HistoryEntry[]; nextCursor: string | null }>(
      `/v1/audit/partners/${acme.partnerId}/history?minPosition=${acme.last}`,
    );
    expect(response.status).toBe(200);
    const { entries } = response.body;
    expect(mine(entries).map((e) => e.type)).toEqual([
      'PartnerRegistered',
      'RelationshipOwnerAssigned',
      'AgreementSigned',
      'TaskCreated',
      'TierChanged',
      'GiftReceived',
    ]);
    const positions = entries.map((e) => BigInt(e.position));
    expect(positions.every((p, i) => i === 0 || positions[i - 1]! < p)).toBe(true);
    expect(new Set(mine(entries).map((e) => e.stream.split('-')[0]))).toEqual(
      new Set(['partner', 'agreement', 'task', 'gift']),
    );
    expect(entries[0]).toMatchObject({ actor: 'alice', revision: 0, stream: `partner-${acme.partnerId}` });
    expect(entries[0]!.correlationId).toEqual(expect.any(String));
    const gift = mine(entries)[5];
    expect(gift).toMatchObject({
      actor: 'advancement-sync',
      sourceSystem: 'advancement',
      occurredAt: '2025-12-15T12:00:00.000Z',
    });
    expect(gift!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(response.body.nextCursor).toBeNull();
  });

  it('pages with a cursor and filters by event type and time range', async () => {
    const path = `/v1/audit/partners/${acme.partnerId}/history`;
    const seen: HistoryEntry[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { entries: HistoryEntry[]; nextCursor: string | null } } = await audit(
        `${path}?limit=4${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.entries);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(mine(seen)).toHaveLength(6);
    expect(new Set(seen.map((e) => e.eventId)).size).toBe(seen.length);
    const gifts = await audit<{ entries: HistoryEntry[] }>(`${path}?type=GiftReceived,TaskCreated`);
    expect(mine(gifts.body.entries).map((e) => e.type)).toEqual(['TaskCreated', 'GiftReceived']);
    expect(gifts.body.entries.every((e) => ['TaskCreated', 'GiftReceived'].includes(e.type))).toBe(true);
    const before2026 = await audit<{ entries: HistoryEntry[] }>(
      `${path}?basis=occurred&to=2026-01-01T00:00:00Z`,
    );
    expect(mine(before2026.body.entries).map((e) => e.type)).toEqual(['GiftReceived']);
    const recordedEarly = await audit<{ entries: HistoryEntry[] }>(
      `${path}?to=${encodeURIComponent(acme.afterOwner.toISOString())}`,
    );
    expect(mine(recordedEarly.body.entries).map((e) => e.type)).toEqual([
      'PartnerRegistered',
      'RelationshipOwnerAssigned',
    ]);
    expect((await audit(`${path}?cursor=forged`)).status).toBe(400);
  });

  it('streams the history as NDJSON and as CSV', async () => {
    const path = `/v1/audit/partners/${acme.partnerId}/history`;
    // Raw fetch: the test client would try to parse x-ndjson as one JSON document.
    const exported = async (accept: string) => {
      const authorization = `Bearer ${await api.token(auditor.sub, auditor.roles)}`;
      const response = await fetch(`${api.url}${path}`, { headers: { accept, authorization } });
      return { type: response.headers.get('content-type'), text: await response.text() };
    };
    const ndjson = await exported('application/x-ndjson');
    expect(ndjson.type).toContain('application/x-ndjson');
    const lines = ndjson.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as HistoryEntry);
    expect(mine(lines).map((e) => e.type)).toEqual([
      'PartnerRegistered',
      'RelationshipOwnerAssigned',
      'AgreementSigned',
      'TaskCreated',
      'TierChanged',
      'GiftReceived',
    ]);
    const csv = await exported('text/csv');
    expect(csv.type).toContain('text/csv');
    const rows = csv.text.trim().split('\r\n');
    expect(rows[0]).toMatch(/^position,occurredAt,recordedAt,type,/);
    for (const { eventId } of mine(lines))
      expect(rows.some((row) => row.includes(`,${eventId},`))).toBe(true);
  });

  it('answers the state as of a recorded moment and by business time, late-recorded gift included', async () => {
    const state = (asOf: Date, basis: string) =>
      audit<PartnerStateView>(
        `/v1/audit/partners/${acme.partnerId}/state?asOf=${encodeURIComponent(asOf.toISOString())}&basis=${basis}`,
      );
    const early = await state(acme.afterOwner, 'recorded');
    expect(early.status).toBe(200);
    expect(early.body.profile).toMatchObject({ name: 'Acme Robotics', tier: 'prospect', ownerId: 'olivia' });
    expect(early.body.openTasks.map((t) => t.taskId)).not.toContain(acme.taskId);
    const known = await state(acme.afterTier, 'recorded');
    expect(known.body.profile.tier).toBe('engaged');
    expect(known.body.openTasks.map((t) => t.taskId)).toContain(acme.taskId);
    expect(known.body.lines.research.items).toBe(1);
    expect(known.body.giving.giftsReceived).toEqual([]); // recorded after afterTier
    const now = await state(new Date(), 'recorded');
    expect(now.body.giving.giftsReceived).toEqual([{ amount: '25000.00', currency: 'USD' }]);
    // By business time the gift had been received before 2026 even though nobody knew yet.
    const newYear = await state(new Date('2026-01-01T00:00:00Z'), 'occurred');
    expect(newYear.body.giving.giftsReceived).toEqual([{ amount: '25000.00', currency: 'USD' }]);
    expect(newYear.body.lines.research.items).toBe(0);
    const newYearAsRecorded = await state(new Date('2026-01-01T00:00:00Z'), 'recorded');
    expect(newYearAsRecorded.body.registered).toBe(false);
  });

  it('diffs the state between two moments', async () => {
    const from = encodeURIComponent(acme.afterOwner.toISOString());
    const to = encodeURIComponent(new Date().toISOString());
    const diff = await audit<{ changes: { path: string; from: unknown; to: unknown }[] }>(
      `/v1/audit/partners/${acme.partnerId}/state/diff?from=${from}&to=${to}`,
    );
    expect(diff.status).toBe(200);
    const byPath = new Map(diff.body.changes.map((c) => [c.path, c]));
    expect(byPath.get('profile.tier')).toMatchObject({ from: 'prospect', to: 'engaged' });
    expect(byPath.get('lines.giving.items')).toMatchObject({ from: 0, to: 1 });
    expect(byPath.has('profile.name')).toBe(false);
  });

  it('answers 404 for a partner nobody recorded anything about', async () => {
    const response = await audit<{ type: string }>('/v1/audit/partners/nobody/history');
    expect(response.status).toBe(404);
    expect(response.body.type).toBe('/problems/partner-not-found');
  });

  it('records every audit read in the partner audit-log stream', async () => {
    const before = (await api.eventStore.readStream(auditLogStream(acme.partnerId))).length;
    await audit(`/v1/audit/partners/${acme.partnerId}/history?type=TierChanged`);
    await audit(`/v1/audit/partners/${acme.partnerId}/state?basis=occurred`);
    const log = await api.eventStore.readStream(auditLogStream(acme.partnerId));
    expect(log).toHaveLength(before + 2);
    expect(log.slice(-2).map((e) => [e.type, (e.data as { query: string }).query])).toEqual([
      ['AuditRecordViewed', 'history'],
      ['AuditRecordViewed', 'state'],
    ]);
    expect(log[log.length - 2]).toMatchObject({
      data: { viewer: 'audrey', partnerId: acme.partnerId, parameters: { type: 'TierChanged' } },
      metadata: { actor: 'audrey' },
    });
  });

  it('lets only auditors read audit routes', async () => {
    const paths = [
      `/v1/audit/partners/${acme.partnerId}/history`,
      `/v1/audit/partners/${acme.partnerId}/state`,
      `/v1/audit/partners/${acme.partnerId}/state/diff?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z`,
      `/v1/audit/streams/partner-${acme.partnerId}/verify`,
    ];
    for (const role of ['staff', 'manager', 'admin', 'integration'] as const)
      for (const path of paths)
        expect([path, role, (await audit(path, { sub: 'x', roles: [role] })).status]).toEqual([
          path,
          role,
          403,
        ]);
    expect((await api.request('GET', paths[0]!)).status).toBe(401);
  });

  it('never lets an auditor write: no write route names the auditor role, and one refuses it', async () => {
    const doc = await api.request<{ paths: Record<string, Record<string, { 'x-roles'?: string[] }>> }>(
      'GET',
      '/docs/openapi.json',
    );
    const writesOpenToAuditors = Object.entries(doc.body.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method, op]) => method !== 'get' && op['x-roles']?.includes('auditor'))
        .map(([method]) => `${method} ${path}`),
    );
    expect(writesOpenToAuditors).toEqual([]);
    const auditRoutes = Object.entries(doc.body.paths).filter(([path]) => path.startsWith('/v1/audit/'));
    expect(auditRoutes.length).toBeGreaterThanOrEqual(4);
    for (const [, methods] of auditRoutes) expect(Object.keys(methods)).toEqual(['get']);
    const refused = await api.request('POST', '/v1/partners', { as: auditor, body: { name: 'Sneaky' } });
    expect(refused.status).toBe(403);
  });
});

describe('Projection verification', () => {
  it('finds nothing in a healthy read model, then a difference planted in a live table', async () => {
    const { partnerId, last } = await partnerWithHistory();
    const dataSource = await new DataSource({ type: 'postgres', url: api.databaseUrl }).initialize();
    try {
      await audit(`/v1/audit/partners/${partnerId}/history?minPosition=${last}`); // the index is there too
      const store = new ProjectionStore(dataSource);
      const verifier = new ProjectionVerifier(api.eventStore, dataSource, store);
      const healthy = await verifier.verify(partner360Projection);
      expect(healthy.differences).toEqual([]);
      expect(healthy.tables.find((t) => t.table === 'partner_profiles')?.rows).toBeGreaterThan(0);

      await sql.query(`UPDATE read_models.partner_profiles SET tier = 'strategic' WHERE partner_id = $1`, [
        partnerId,
      ]);
      const planted = await verifier.verify(partner360Projection);
      expect(planted.differences).toHaveLength(1);
      expect(planted.differences[0]).toMatchObject({
        table: 'partner_profiles',
        missingFromLive: 1,
        extraInLive: 1,
      });
      expect(planted.differences[0]!.samples.extraInLive).toEqual([
        expect.objectContaining({ partner_id: partnerId, tier: 'strategic' }),
      ]);
      const shadows = await sql.query(`SELECT 1 FROM pg_namespace WHERE nspname LIKE 'audit_shadow_%'`);
      expect(shadows.rowCount).toBe(0);
    } finally {
      await dataSource.destroy();
    }
  });
});

describe('Tamper evidence over HTTP', () => {
  it('reports an intact stream, then the first broken link after edits and deletions behind the application', async () => {
    const { partnerId, giftId } = await partnerWithHistory();
    await command('PUT', `/v1/partners/${partnerId}/name`, { name: 'Acme Robotics Inc.' });
    const verify = (stream: string) =>
      audit<{
        intact: boolean;
        eventsChecked: number;
        firstBreak: { reason: string; revision: number } | null;
      }>(`/v1/audit/streams/${stream}/verify`);
    const intact = await verify(`partner-${partnerId}`);
    expect(intact.body).toMatchObject({ intact: true, eventsChecked: 4, firstBreak: null });

    await sql.query(
      `UPDATE event_store.events SET data = jsonb_set(data, '{amount,amount}', '"2500.00"') WHERE stream_name = $1`,
      [`gift-${giftId}`],
    );
    expect((await verify(`gift-${giftId}`)).body).toMatchObject({
      intact: false,
      firstBreak: { reason: 'altered', revision: 0 },
    });

    await sql.query('DELETE FROM event_store.events WHERE stream_name = $1 AND stream_revision = 3', [
      `partner-${partnerId}`,
    ]);
    expect((await verify(`partner-${partnerId}`)).body).toMatchObject({
      intact: false,
      firstBreak: { reason: 'truncated', revision: 3 },
    });
    await sql.query('DELETE FROM event_store.events WHERE stream_name = $1 AND stream_revision = 1', [
      `partner-${partnerId}`,
    ]);
    expect((await verify(`partner-${partnerId}`)).body).toMatchObject({
      firstBreak: { reason: 'gap', revision: 2 },
    });
    expect((await verify('nothing-here')).status).toBe(404);
  });
});
