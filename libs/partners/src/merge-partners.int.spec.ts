import { PostgresEventStore } from '@continuum/event-store';
import { DomainError, fold, handleCommand, toDomainEvents, type CommandContext } from '@continuum/kernel';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { mergePartners, undoMerge } from './merge-partners';
import { partnerDecider, partnerStream } from './partner';
import type { PartnerCommand } from './partner.commands';
import type { PartnerEvent } from './partner.events';
import { partnerRefusals } from './partner.rules';
import type { Partner } from './partner.state';

let database: TestDatabase;
let store: PostgresEventStore;

const context: CommandContext = { metadata: { actor: 's-1', correlationId: 'merge-test' } };

beforeAll(async () => {
  database = await createTestDatabase('partners_merge');
  store = await PostgresEventStore.connect({ connectionString: database.url });
});

afterAll(async () => {
  await store.close();
  await database.drop();
});

const send = (partnerId: string, command: PartnerCommand) =>
  handleCommand(store, partnerDecider, partnerStream(partnerId), command, context);

async function eventTypes(partnerId: string): Promise<string[]> {
  return (await store.readStream(partnerStream(partnerId))).map((event) => event.type);
}

async function stateOf(partnerId: string): Promise<Partner> {
  const recorded = await store.readStream(partnerStream(partnerId));
  return fold(partnerDecider, toDomainEvents<PartnerEvent>(recorded)) as Partner;
}

async function refusalOf(attempt: Promise<unknown>): Promise<DomainError> {
  const error: unknown = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

/** A registered partner with one link and one contact, under a fresh id. */
async function partner(label: string, link: { system: string; externalId: string }): Promise<string> {
  const partnerId = `${label}${randomUUID().slice(0, 8)}`;
  await send(partnerId, {
    type: 'RegisterPartner',
    data: { partnerId, name: `Acme ${label}`, registeredVia: 'staff' },
  });
  await send(partnerId, { type: 'LinkExternalRecord', data: { partnerId, ...link } });
  await send(partnerId, {
    type: 'AffiliateContact',
    data: { partnerId, contactId: `c-${partnerId}`, name: 'Ann', role: 'CTO', permission: 'free' },
  });
  return partnerId;
}

const merging = (duplicateId: string, survivorId: string) => ({
  duplicateId,
  survivorId,
  mergedBy: 's-1',
  reason: 'Same company',
});

describe('mergePartners and undoMerge on PostgreSQL', () => {
  it('moves the duplicate links and contacts to the survivor', async () => {
    const duplicateId = await partner('dup', { system: 'advancement', externalId: 'ORG-1' });
    const survivorId = await partner('surv', { system: 'research', externalId: 'R-1' });

    const outcome = await mergePartners(store, merging(duplicateId, survivorId), context);

    expect(outcome.position).toBeDefined();
    const survivor = await stateOf(survivorId);
    expect(survivor.externalLinks).toEqual({ research: ['R-1'], advancement: ['ORG-1'] });
    expect(Object.keys(survivor.contacts).sort()).toEqual([`c-${duplicateId}`, `c-${survivorId}`].sort());
    const duplicate = await stateOf(duplicateId);
    expect(duplicate).toMatchObject({ status: 'merged', externalLinks: {}, contacts: {} });
    expect(duplicate.mergedInto?.survivorId).toBe(survivorId);
    const [merge] = await store.readStream(partnerStream(duplicateId), {
      direction: 'backwards',
      maxCount: 1,
    });
    const [absorption] = await store.readStream(partnerStream(survivorId), {
      direction: 'backwards',
      maxCount: 1,
    });
    expect(absorption?.type).toBe('DuplicateAbsorbed');
    expect(absorption?.metadata.causationId).toBe(merge?.id);
  });

  it('refuses merges the rules forbid and writes nothing to the survivor', async () => {
    const duplicateId = await partner('dup', { system: 'advancement', externalId: 'ORG-2' });
    const survivorId = await partner('surv', { system: 'research', externalId: 'R-2' });
    const elsewhereId = await partner('else', { system: 'careers', externalId: 'E-2' });
    await mergePartners(store, merging(elsewhereId, survivorId), context);
    const survivorBefore = await eventTypes(survivorId);

    const refusals = await Promise.all([
      refusalOf(mergePartners(store, merging(duplicateId, duplicateId), context)),
      refusalOf(mergePartners(store, merging(duplicateId, 'nobody'), context)),
      refusalOf(mergePartners(store, merging(duplicateId, elsewhereId), context)),
      refusalOf(mergePartners(store, merging('nobody', survivorId), context)),
    ]);

    expect(refusals.map((refusal) => refusal.code)).toEqual([
      partnerRefusals.cannotMergeIntoItself,
      partnerRefusals.survivorNotFound,
      partnerRefusals.survivorAlreadyMerged,
      partnerRefusals.notFound,
    ]);
    expect(refusals[1].kind).toBe('not_found');
    expect(refusals[2].details).toEqual({ survivorId });
    const again = await refusalOf(mergePartners(store, merging(elsewhereId, duplicateId), context));
    expect(again.code).toBe(partnerRefusals.alreadyMerged);
    expect(await eventTypes(survivorId)).toEqual(survivorBefore);
    expect(await eventTypes(duplicateId)).not.toContain('PartnerMergedInto');
  });

  it('completes a merge that crashed between the two appends, without doubling it', async () => {
    const duplicateId = await partner('dup', { system: 'advancement', externalId: 'ORG-3' });
    const survivorId = await partner('surv', { system: 'research', externalId: 'R-3' });
    // Only step one ran: the duplicate recorded the merge, the survivor never heard of it.
    await send(duplicateId, {
      type: 'MergeIntoSurvivor',
      data: {
        partnerId: duplicateId,
        survivorId,
        survivor: { exists: true },
        mergedBy: 's-1',
        reason: 'Same',
      },
    });

    // Two retries at once: the loser meets the same event ids in the store, or the absorption folded on reload.
    await Promise.all([
      mergePartners(store, merging(duplicateId, survivorId), context),
      mergePartners(store, merging(duplicateId, survivorId), context),
    ]);
    const replay = await mergePartners(store, merging(duplicateId, survivorId), context);

    expect(replay.position).toBeUndefined();
    expect((await eventTypes(survivorId)).filter((type) => type === 'DuplicateAbsorbed')).toHaveLength(1);
    expect((await eventTypes(duplicateId)).filter((type) => type === 'PartnerMergedInto')).toHaveLength(1);
    expect((await stateOf(survivorId)).externalLinks).toEqual({ research: ['R-3'], advancement: ['ORG-3'] });
  });

  it('undoes a merge: the links and contacts go back, and the duplicate works again', async () => {
    const duplicateId = await partner('dup', { system: 'advancement', externalId: 'ORG-4' });
    const survivorId = await partner('surv', { system: 'research', externalId: 'R-4' });
    await mergePartners(store, merging(duplicateId, survivorId), context);

    await undoMerge(store, { duplicateId, undoneBy: 's-2', reason: 'Different companies' }, context);

    const survivor = await stateOf(survivorId);
    expect(survivor.externalLinks).toEqual({ research: ['R-4'] });
    expect(Object.keys(survivor.contacts)).toEqual([`c-${survivorId}`]);
    expect(survivor.absorbedDuplicates).toEqual({});
    const duplicate = await stateOf(duplicateId);
    expect(duplicate).toMatchObject({ status: 'active', externalLinks: { advancement: ['ORG-4'] } });
    expect(Object.keys(duplicate.contacts)).toEqual([`c-${duplicateId}`]);
    await send(duplicateId, { type: 'RenamePartner', data: { partnerId: duplicateId, name: 'Acme Two' } });
    expect(await eventTypes(duplicateId)).toContain('PartnerRenamed');
  });

  it('completes an undo that crashed between the two appends, and can merge again afterwards', async () => {
    const duplicateId = await partner('dup', { system: 'advancement', externalId: 'ORG-5' });
    const survivorId = await partner('surv', { system: 'research', externalId: 'R-5' });
    await mergePartners(store, merging(duplicateId, survivorId), context);
    await send(duplicateId, {
      type: 'UndoMerge',
      data: { partnerId: duplicateId, undoneBy: 's-2', reason: 'No' },
    });

    await undoMerge(store, { duplicateId, undoneBy: 's-2', reason: 'No' }, context);
    await undoMerge(store, { duplicateId, undoneBy: 's-2', reason: 'No' }, context);

    expect((await eventTypes(survivorId)).filter((type) => type === 'DuplicateReleased')).toHaveLength(1);
    expect((await stateOf(survivorId)).externalLinks).toEqual({ research: ['R-5'] });
    // A second merge is a new cause with new ids: the survivor absorbs again.
    await mergePartners(store, merging(duplicateId, survivorId), context);
    expect((await eventTypes(survivorId)).filter((type) => type === 'DuplicateAbsorbed')).toHaveLength(2);
    expect((await stateOf(survivorId)).externalLinks).toEqual({ research: ['R-5'], advancement: ['ORG-5'] });
  });

  it('refuses to undo a merge that never happened, or whose survivor has since merged onward', async () => {
    const duplicateId = await partner('dup', { system: 'advancement', externalId: 'ORG-6' });
    const survivorId = await partner('surv', { system: 'research', externalId: 'R-6' });
    const finalId = await partner('final', { system: 'careers', externalId: 'E-6' });
    const undo = { duplicateId, undoneBy: 's-2', reason: 'No' };

    expect((await refusalOf(undoMerge(store, undo, context))).code).toBe(partnerRefusals.notMerged);
    await mergePartners(store, merging(duplicateId, survivorId), context);
    await mergePartners(store, merging(survivorId, finalId), context);

    const refusal = await refusalOf(undoMerge(store, undo, context));
    expect(refusal.code).toBe(partnerRefusals.merged);
    expect(refusal.details).toEqual({ survivorId: finalId });
    expect((await stateOf(duplicateId)).status).toBe('merged');
    // The links followed the chain to the final survivor.
    expect((await stateOf(finalId)).externalLinks).toEqual({
      careers: ['E-6'],
      research: ['R-6'],
      advancement: ['ORG-6'],
    });
  });
});
