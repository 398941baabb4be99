import { randomUUID } from 'node:crypto';
import { startTestApi, type TestApi, type TestResponse } from '../support/api';

let api: TestApi;
const staff = { sub: 'alice', roles: ['staff'] } as const;
const manager = { sub: 'maria', roles: ['manager'] } as const;
const auditor = { sub: 'audrey', roles: ['auditor'] } as const;
const campusSystem = { sub: 'banner', roles: ['integration'] } as const;

beforeAll(async () => {
  api = await startTestApi('partners_api');
});

afterAll(async () => {
  await api.close();
});

const newId = (label: string): string => `${label}-${randomUUID().slice(0, 8)}`;

async function register(partnerId: string, extra: Record<string, unknown> = {}): Promise<TestResponse> {
  const response = await api.request('POST', '/v1/partners', {
    as: staff,
    body: { partnerId, name: `Acme ${partnerId}`, ...extra },
  });
  expect(response.status).toBe(201);
  return response;
}

const read = (partnerId: string) => api.request('GET', `/v1/partners/${partnerId}/record`, { as: auditor });

const events = (partnerId: string) => api.eventStore.readStream(`partner-${partnerId}`);

const fieldsOf = (response: TestResponse): string[] =>
  (response.body.errors as { field: string }[]).map((error) => error.field).sort();

const affiliate = (partnerId: string, contactId: string, permission = 'free') =>
  api.request('POST', `/v1/partners/${partnerId}/contacts`, {
    as: staff,
    body: { contactId, name: 'Ann Lee', email: 'Ann@Acme.com', role: 'CTO', permission },
  });

const interaction = (extra: Record<string, unknown> = {}) => ({
  kind: 'meeting',
  occurredAt: '2025-03-04T10:30:00+01:00',
  summary: 'Discussed a capstone project',
  staffIds: ['alice'],
  ...extra,
});

describe('Registering and reading partners', () => {
  it('registers under a generated id, answers 201 with Location and ETag, and reads it back', async () => {
    const created = await api.request('POST', '/v1/partners', {
      as: staff,
      body: { name: 'Initech', webDomain: 'https://WWW.Initech.com/about', industry: 'software' },
      headers: { 'x-correlation-id': 'register-initech' },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.headers.get('location')).toBe(`/v1/partners/${id}`);
    expect(created.headers.get('etag')).toBe('"0"');
    expect(created.body).toMatchObject({ revision: 0, position: expect.stringMatching(/^\d+$/) as string });

    const got = await read(id);
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe('"0"');
    expect(got.body).toMatchObject({
      status: 'active',
      partnerId: id,
      name: 'Initech',
      webDomain: 'initech.com',
      industry: 'software',
      tier: 'prospect',
      registeredVia: 'staff',
      contacts: {},
      externalLinks: {},
    });

    const [registered] = await events(id);
    expect(registered?.type).toBe('PartnerRegistered');
    expect(registered?.metadata).toMatchObject({ actor: 'alice', correlationId: 'register-initech' });
  });

  it('keeps an id the client chose and refuses registering it twice with 409', async () => {
    const partnerId = newId('chosen');
    const created = await register(partnerId, { tier: 'engaged' });
    expect(created.body.id).toBe(partnerId);
    expect((await read(partnerId)).body).toMatchObject({ tier: 'engaged' });
    const again = await api.request('POST', '/v1/partners', {
      as: staff,
      body: { partnerId, name: 'Someone else' },
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: '/problems/partner-already-registered' });
  });

  it('names each invalid field with 400, and answers 422 for a web domain the domain rejects', async () => {
    const bad = await api.request('POST', '/v1/partners', {
      as: staff,
      body: { partnerId: 'has spaces', name: '   ', tier: 'gold' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ type: '/problems/invalid-request' });
    expect(fieldsOf(bad)).toEqual(['name', 'partnerId', 'tier']);

    const domain = await api.request('POST', '/v1/partners', {
      as: staff,
      body: { name: 'Nowhere', webDomain: 'not a domain' },
    });
    expect(domain.status).toBe(422);
    expect(domain.body).toMatchObject({ type: '/problems/invalid-web-domain' });
  });

  it('answers 401 without a token, 403 to an auditor writing, and 404 for an unknown partner', async () => {
    expect((await api.request('GET', '/v1/partners/anyone')).status).toBe(401);
    expect((await api.request('POST', '/v1/partners', { body: { name: 'X' } })).status).toBe(401);

    const auditorWrites = await api.request('POST', '/v1/partners', { as: auditor, body: { name: 'X' } });
    expect(auditorWrites.status).toBe(403);
    expect(auditorWrites.body).toMatchObject({ type: '/problems/forbidden' });
    const integration = await api.request('GET', '/v1/partners/anyone', { as: campusSystem });
    expect(integration.status).toBe(403);

    const missing = await read('nobody');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ type: '/problems/partner-not-found' });
    const renameMissing = await api.request('PUT', '/v1/partners/nobody/name', {
      as: staff,
      body: { name: 'Ghost' },
    });
    expect(renameMissing.status).toBe(404);
    expect(renameMissing.body).toMatchObject({ type: '/problems/partner-not-found' });
  });

  it('documents the routes with their roles and problem types', async () => {
    const openapi = await api.request<{ paths: Record<string, Record<string, Record<string, unknown>>> }>(
      'GET',
      '/docs/openapi.json',
    );
    const tier = openapi.body.paths['/v1/partners/{id}/tier']?.put;
    expect(tier?.['x-roles']).toEqual(['manager', 'admin']);
    const interactions = openapi.body.paths['/v1/partners/{id}/interactions']?.post;
    expect(JSON.stringify(interactions?.responses)).toContain('/problems/contact-must-not-be-contacted');
  });
});

describe('Changing a partner', () => {
  it('renames, links and unlinks records, assigns owner and sponsor, each raising the ETag', async () => {
    const id = newId('change');
    await register(id);
    const steps: [string, string, unknown][] = [
      ['PUT', 'name', { name: 'Acme Robotics' }],
      ['POST', 'external-links', { system: 'advancement', externalId: 'ORG/172' }],
      ['POST', 'external-links', { system: 'research', externalId: 'R-9' }],
      ['PUT', 'owner', { staffId: 'alice' }],
      ['PUT', 'executive-sponsor', { staffId: 'dean-smith' }],
    ];
    for (const [index, [method, path, body]] of steps.entries()) {
      const response = await api.request(method, `/v1/partners/${id}/${path}`, { as: staff, body });
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe(`"${index + 1}"`);
      expect(response.body).toMatchObject({ id, revision: index + 1 });
    }
    const unlinked = await api.request('DELETE', `/v1/partners/${id}/external-links/advancement/ORG%2F172`, {
      as: staff,
    });
    expect(unlinked.status).toBe(200);
    expect(unlinked.headers.get('etag')).toBe('"6"');

    const got = await read(id);
    expect(got.headers.get('etag')).toBe('"6"');
    expect(got.body).toMatchObject({
      name: 'Acme Robotics',
      externalLinks: { research: ['R-9'] },
      relationshipOwnerId: 'alice',
      executiveSponsorId: 'dean-smith',
    });
    expect((await events(id)).map((event) => event.type)).toEqual([
      'PartnerRegistered',
      'PartnerRenamed',
      'ExternalRecordLinked',
      'ExternalRecordLinked',
      'RelationshipOwnerAssigned',
      'ExecutiveSponsorAssigned',
      'ExternalRecordUnlinked',
    ]);

    const unknownLink = await api.request('DELETE', `/v1/partners/${id}/external-links/advancement/ORG-1`, {
      as: staff,
    });
    expect(unknownLink.status).toBe(404);
    expect(unknownLink.body).toMatchObject({ type: '/problems/external-link-not-found' });
  });

  it('lets a manager change the tier with a reason, but not staff (403) nor without a reason (400)', async () => {
    const id = newId('tier');
    await register(id);
    const byStaff = await api.request('PUT', `/v1/partners/${id}/tier`, {
      as: staff,
      body: { tier: 'strategic', reason: 'Big grant' },
    });
    expect(byStaff.status).toBe(403);
    const noReason = await api.request('PUT', `/v1/partners/${id}/tier`, {
      as: manager,
      body: { tier: 'platinum', reason: ' ' },
    });
    expect(noReason.status).toBe(400);
    expect(fieldsOf(noReason)).toEqual(['reason', 'tier']);

    const changed = await api.request('PUT', `/v1/partners/${id}/tier`, {
      as: manager,
      body: { tier: 'strategic', reason: 'Big grant' },
    });
    expect(changed.status).toBe(200);
    expect((await read(id)).body).toMatchObject({ tier: 'strategic' });
    const last = (await events(id)).at(-1);
    expect(last).toMatchObject({
      type: 'TierChanged',
      data: { from: 'prospect', to: 'strategic', reason: 'Big grant' },
      metadata: { actor: 'maria' },
    });
  });

  it('affiliates contacts, changes their permission and ends an affiliation', async () => {
    const id = newId('contacts');
    await register(id);
    const generated = await api.request('POST', `/v1/partners/${id}/contacts`, {
      as: staff,
      body: { name: 'Bo Chen', role: 'Recruiter', permission: 'notify-owner-first' },
    });
    expect(generated.status).toBe(200);
    const generatedId = generated.body.contactId as string;
    expect(generatedId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await affiliate(id, 'c-ann')).status).toBe(200);

    const permission = await api.request('PUT', `/v1/partners/${id}/contacts/c-ann/permission`, {
      as: staff,
      body: { permission: 'do-not-contact' },
    });
    expect(permission.status).toBe(200);
    const ended = await api.request('DELETE', `/v1/partners/${id}/contacts/${generatedId}?reason=Left`, {
      as: staff,
    });
    expect(ended.status).toBe(200);
    expect(ended.headers.get('etag')).toBe('"4"');

    const got = await read(id);
    expect(got.body.contacts).toEqual({
      'c-ann': {
        contactId: 'c-ann',
        name: 'Ann Lee',
        email: 'ann@acme.com',
        role: 'CTO',
        permission: 'do-not-contact',
      },
    });
    expect((await events(id)).at(-1)).toMatchObject({
      type: 'ContactAffiliationEnded',
      data: { contactId: generatedId, reason: 'Left' },
    });

    const badPermission = await api.request('PUT', `/v1/partners/${id}/contacts/c-ann/permission`, {
      as: staff,
      body: { permission: 'whenever' },
    });
    expect(badPermission.status).toBe(400);
    expect(fieldsOf(badPermission)).toEqual(['permission']);
    const notAffiliated = await api.request('DELETE', `/v1/partners/${id}/contacts/c-nobody`, { as: staff });
    expect(notAffiliated.status).toBe(409);
    expect(notAffiliated.body).toMatchObject({ type: '/problems/contact-not-affiliated' });
    const otherDetails = await api.request('POST', `/v1/partners/${id}/contacts`, {
      as: staff,
      body: { contactId: 'c-ann', name: 'Ann Lee', role: 'CEO', permission: 'free' },
    });
    expect(otherDetails.status).toBe(409);
    expect(otherDetails.body).toMatchObject({ type: '/problems/contact-already-affiliated' });
  });

  it('logs an interaction with its business time, once per interaction id', async () => {
    const id = newId('meet');
    await register(id);
    await affiliate(id, 'c-ann');
    const logged = await api.request('POST', `/v1/partners/${id}/interactions`, {
      as: staff,
      body: interaction({ contactIds: ['c-ann'] }),
    });
    expect(logged.status).toBe(200);
    const interactionId = logged.body.interactionId as string;
    expect(interactionId).toMatch(/^[0-9a-f-]{36}$/);
    const recorded = (await events(id)).at(-1);
    expect(recorded).toMatchObject({
      type: 'InteractionLogged',
      data: { interactionId, kind: 'meeting', staffIds: ['alice'], contactIds: ['c-ann'] },
      metadata: { actor: 'alice', occurredAt: '2025-03-04T10:30:00+01:00' },
    });
    expect((await read(id)).body).toMatchObject({
      interactionIds: [interactionId],
      lastInteractionAt: '2025-03-04T10:30:00+01:00',
    });

    const repeated = await api.request('POST', `/v1/partners/${id}/interactions`, {
      as: staff,
      body: interaction({ interactionId, contactIds: ['c-ann'] }),
    });
    expect(repeated.status).toBe(200);
    expect(repeated.body).toMatchObject({ interactionId, revision: 2, position: null });
    expect(await events(id)).toHaveLength(3);
  });

  it('refuses an interaction with bad fields (400) or with a do-not-contact contact (409)', async () => {
    const id = newId('dnc');
    await register(id);
    await affiliate(id, 'c-private', 'do-not-contact');
    const bad = await api.request('POST', `/v1/partners/${id}/interactions`, {
      as: staff,
      body: { kind: 'lunch', occurredAt: '2025-03-04', summary: '', staffIds: [] },
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['kind', 'occurredAt', 'staffIds', 'summary']);

    const offLimits = await api.request('POST', `/v1/partners/${id}/interactions`, {
      as: staff,
      body: interaction({ contactIds: ['c-private'] }),
    });
    expect(offLimits.status).toBe(409);
    expect(offLimits.body).toMatchObject({
      type: '/problems/contact-must-not-be-contacted',
      contactIds: ['c-private'],
    });
    const stranger = await api.request('POST', `/v1/partners/${id}/interactions`, {
      as: staff,
      body: interaction({ contactIds: ['c-stranger'] }),
    });
    expect(stranger.status).toBe(409);
    expect(stranger.body).toMatchObject({ type: '/problems/contact-not-affiliated' });
    expect(await events(id)).toHaveLength(2);
  });
});

describe('Merging duplicates', () => {
  it('merges a duplicate into its survivor, refuses changes to the duplicate, and undoes the merge', async () => {
    const duplicateId = newId('dup');
    const survivorId = newId('surv');
    await register(duplicateId);
    await register(survivorId);
    await api.request('POST', `/v1/partners/${duplicateId}/external-links`, {
      as: staff,
      body: { system: 'advancement', externalId: 'ORG-1' },
    });
    await affiliate(duplicateId, 'c-dup');

    const merged = await api.request('POST', `/v1/partners/${duplicateId}/merge`, {
      as: staff,
      body: { survivorId, reason: 'Same company' },
      headers: { 'if-match': '"2"', 'x-correlation-id': 'merge-dup' },
    });
    expect(merged.status).toBe(200);
    expect(merged.headers.get('etag')).toBe('"3"');
    expect(merged.body).toMatchObject({
      id: duplicateId,
      revision: 3,
      position: expect.stringMatching(/^\d+$/) as string,
    });

    const duplicate = await read(duplicateId);
    expect(duplicate.status).toBe(200);
    expect(duplicate.body).toMatchObject({ status: 'merged', mergedInto: { survivorId } });
    const survivor = await read(survivorId);
    expect(survivor.body).toMatchObject({
      externalLinks: { advancement: ['ORG-1'] },
      contacts: { 'c-dup': { contactId: 'c-dup' } },
    });
    const [mergeEvent] = (await events(duplicateId)).slice(-1);
    const [absorbed] = (await events(survivorId)).slice(-1);
    expect(mergeEvent).toMatchObject({
      type: 'PartnerMergedInto',
      data: { mergedBy: 'alice', reason: 'Same company' },
      metadata: { actor: 'alice', correlationId: 'merge-dup' },
    });
    expect(absorbed).toMatchObject({
      type: 'DuplicateAbsorbed',
      metadata: { actor: 'alice', correlationId: 'merge-dup', causationId: mergeEvent?.id },
    });

    const renamed = await api.request('PUT', `/v1/partners/${duplicateId}/name`, {
      as: staff,
      body: { name: 'Too late' },
    });
    expect(renamed.status).toBe(409);
    expect(renamed.body).toMatchObject({ type: '/problems/partner-merged', survivorId });

    const undone = await api.request('POST', `/v1/partners/${duplicateId}/merge/undo`, {
      as: staff,
      body: { reason: 'Different companies after all' },
      headers: { 'if-match': '"3"' },
    });
    expect(undone.status).toBe(200);
    expect(undone.headers.get('etag')).toBe('"4"');
    expect((await read(duplicateId)).body).toMatchObject({
      status: 'active',
      externalLinks: { advancement: ['ORG-1'] },
      contacts: { 'c-dup': { contactId: 'c-dup' } },
    });
    expect((await read(survivorId)).body).toMatchObject({ externalLinks: {}, contacts: {} });
    expect((await events(survivorId)).at(-1)?.type).toBe('DuplicateReleased');
  });

  it('refuses merging into itself (409), into an unknown survivor (404), and undoing no merge (409)', async () => {
    const id = newId('self');
    await register(id);
    const itself = await api.request('POST', `/v1/partners/${id}/merge`, {
      as: staff,
      body: { survivorId: id, reason: 'Oops' },
    });
    expect(itself.status).toBe(409);
    expect(itself.body).toMatchObject({ type: '/problems/cannot-merge-into-itself' });
    const unknown = await api.request('POST', `/v1/partners/${id}/merge`, {
      as: staff,
      body: { survivorId: 'nobody', reason: 'Oops' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ type: '/problems/survivor-not-found' });
    const noReason = await api.request('POST', `/v1/partners/${id}/merge`, { as: staff, body: {} });
    expect(noReason.status).toBe(400);
    expect(fieldsOf(noReason)).toEqual(['reason', 'survivorId']);
    const notMerged = await api.request('POST', `/v1/partners/${id}/merge/undo`, {
      as: staff,
      body: { reason: 'Oops' },
    });
    expect(notMerged.status).toBe(409);
    expect(notMerged.body).toMatchObject({ type: '/problems/partner-not-merged' });
    const byAuditor = await api.request('POST', `/v1/partners/${id}/merge`, {
      as: auditor,
      body: { survivorId: 'x', reason: 'Oops' },
    });
    expect(byAuditor.status).toBe(403);
    expect(await events(id)).toHaveLength(1);
  });
});

describe('Concurrent updates to one partner', () => {
  it('applies concurrent commands without If-Match by retrying server-side, losing none', async () => {
    const id = newId('busy');
    await register(id);
    const links = Array.from({ length: 6 }, (_, index) =>
      api.request('POST', `/v1/partners/${id}/external-links`, {
        as: staff,
        body: { system: 'advancement', externalId: `ORG-${index}` },
      }),
    );
    const meetings = Array.from({ length: 6 }, () =>
      api.request('POST', `/v1/partners/${id}/interactions`, { as: staff, body: interaction() }),
    );
    const rename = api.request('PUT', `/v1/partners/${id}/name`, { as: staff, body: { name: 'Busy Inc' } });
    const responses = await Promise.all([...links, ...meetings, rename]);
    expect(responses.map((response) => response.status)).toEqual(responses.map(() => 200));
    const revisions = responses.map((response) => response.body.revision as number).sort((a, b) => a - b);
    expect(revisions).toEqual(Array.from({ length: 13 }, (_, index) => index + 1));

    const recorded = await events(id);
    expect(recorded).toHaveLength(14);
    expect(recorded.filter((event) => event.type === 'ExternalRecordLinked')).toHaveLength(6);
    expect(recorded.filter((event) => event.type === 'InteractionLogged')).toHaveLength(6);
    const got = await read(id);
    expect(got.headers.get('etag')).toBe('"13"');
    expect((got.body.externalLinks as Record<string, string[]>).advancement).toHaveLength(6);
    expect(got.body.interactionIds).toHaveLength(6);
  });

  it('lets one of two commands with the same If-Match win and refuses the other with 412', async () => {
    const id = newId('race');
    await register(id);
    const responses = await Promise.all(
      ['First Name', 'Second Name'].map((name) =>
        api.request('PUT', `/v1/partners/${id}/name`, {
          as: staff,
          body: { name },
          headers: { 'if-match': '"0"' },
        }),
      ),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([200, 412]);
    const refused = responses.find((response) => response.status === 412);
    expect(refused?.body).toMatchObject({ type: '/problems/stale-revision' });
    expect(await events(id)).toHaveLength(2);

    const stale = await api.request('PUT', `/v1/partners/${id}/owner`, {
      as: staff,
      body: { staffId: 'bob' },
      headers: { 'if-match': '"0"' },
    });
    expect(stale.status).toBe(412);
    const current = await api.request('PUT', `/v1/partners/${id}/owner`, {
      as: staff,
      body: { staffId: 'bob' },
      headers: { 'if-match': '"1"' },
    });
    expect(current.status).toBe(200);
    expect(current.headers.get('etag')).toBe('"2"');
  });
});
