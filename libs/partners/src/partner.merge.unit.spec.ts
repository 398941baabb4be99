import { DomainError, fold } from '@continuum/kernel';
import { specificationFor } from '@continuum/kernel/testing';
import type { AbsorbDuplicate, MergeIntoSurvivor, PartnerCommand } from './partner.commands';
import type {
  AffiliatedContact,
  ContactAffiliated,
  DuplicateAbsorbed,
  ExternalRecordLinked,
  PartnerMergedInto,
  PartnerEvent,
  PartnerMergeUndone,
  PartnerRegistered,
} from './partner.events';
import { partnerDecider } from './partner';
import { partnerRefusals } from './partner.rules';
import type { Partner } from './partner.state';

const given = specificationFor(partnerDecider);

const refusalOf = (history: readonly PartnerEvent[], command: PartnerCommand): DomainError => {
  try {
    partnerDecider.decide(command, fold(partnerDecider, history));
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`${command.type} was not refused`);
};

const registered = (partnerId: string): PartnerRegistered => ({
  type: 'PartnerRegistered',
  data: { partnerId, name: 'Acme', tier: 'prospect', registeredVia: 'staff' },
});
const linked = (partnerId: string, system: string, externalId: string): ExternalRecordLinked => ({
  type: 'ExternalRecordLinked',
  data: { partnerId, system, externalId },
});
const contact = (
  contactId: string,
  permission: AffiliatedContact['permission'] = 'free',
): AffiliatedContact => ({
  contactId,
  name: `Contact ${contactId}`,
  role: 'Engineer',
  permission,
});
const affiliated = (partnerId: string, affiliation: AffiliatedContact): ContactAffiliated => ({
  type: 'ContactAffiliated',
  data: { partnerId, ...affiliation },
});

// The duplicate "dup" and the survivor "surv".
const duplicateHistory = [
  registered('dup'),
  linked('dup', 'advancement', 'ORG-9'),
  linked('dup', 'careers', 'EMP-3'),
  affiliated('dup', contact('c-ann')),
  affiliated('dup', contact('c-eve', 'do-not-contact')),
];
const mergeIntoSurvivor = (data: Partial<MergeIntoSurvivor['data']> = {}): MergeIntoSurvivor => ({
  type: 'MergeIntoSurvivor',
  data: {
    partnerId: 'dup',
    survivorId: 'surv',
    survivor: { exists: true },
    mergedBy: 's-1',
    reason: 'Same company',
    ...data,
  },
});
const mergedInto: PartnerMergedInto = {
  type: 'PartnerMergedInto',
  data: {
    partnerId: 'dup',
    survivorId: 'surv',
    externalLinks: [
      { system: 'advancement', externalId: 'ORG-9' },
      { system: 'careers', externalId: 'EMP-3' },
    ],
    contacts: [contact('c-ann'), contact('c-eve', 'do-not-contact')],
    mergedBy: 's-1',
    reason: 'Same company',
  },
};
const mergeUndone: PartnerMergeUndone = {
  type: 'PartnerMergeUndone',
  data: {
    partnerId: 'dup',
    survivorId: 'surv',
    externalLinks: mergedInto.data.externalLinks,
    contacts: mergedInto.data.contacts,
    undoneBy: 's-2',
    reason: 'Different subsidiaries',
  },
};

// The survivor already holds one of the duplicate's links and one of its contacts, with a looser permission.
const survivorHistory = [
  registered('surv'),
  linked('surv', 'careers', 'EMP-3'),
  affiliated('surv', contact('c-eve', 'notify-owner-first')),
];
const absorb: AbsorbDuplicate = {
  type: 'AbsorbDuplicate',
  data: {
    partnerId: 'surv',
    duplicateId: 'dup',
    externalLinks: mergedInto.data.externalLinks,
    contacts: mergedInto.data.contacts,
  },
};
const absorbed: DuplicateAbsorbed = {
  type: 'DuplicateAbsorbed',
  data: {
    partnerId: 'surv',
    duplicateId: 'dup',
    externalLinks: [{ system: 'advancement', externalId: 'ORG-9' }],
    contacts: [contact('c-ann')],
    tightenedPermissions: [
      { contactId: 'c-eve', permission: 'do-not-contact', previousPermission: 'notify-owner-first' },
    ],
  },
};

describe('Partner merge', () => {
  describe('on the duplicate', () => {
    it('merges into the survivor, handing over its links and contacts', () =>
      given(duplicateHistory).when(mergeIntoSurvivor()).then([mergedInto]));

    it('refuses to merge a partner into itself', () =>
      given(duplicateHistory)
        .when(mergeIntoSurvivor({ survivorId: 'dup' }))
        .thenThrows(partnerRefusals.cannotMergeIntoItself));

    it('refuses to merge into a survivor that does not exist', () =>
      given(duplicateHistory)
        .when(mergeIntoSurvivor({ survivor: { exists: false } }))
        .thenThrows(partnerRefusals.survivorNotFound));

    it('refuses to merge into a survivor that is itself merged, naming where it went', () => {
      const refusal = refusalOf(
        duplicateHistory,
        mergeIntoSurvivor({ survivor: { exists: true, mergedInto: 'other' } }),
      );
      expect(refusal.code).toBe(partnerRefusals.survivorAlreadyMerged);
      expect(refusal.details).toEqual({ survivorId: 'other' });
    });

    it('refuses to merge a partner that is already merged', () =>
      given([...duplicateHistory, mergedInto])
        .when(mergeIntoSurvivor({ survivorId: 'another' }))
        .thenThrows(partnerRefusals.alreadyMerged));

    it('refuses a merge without a reason', () =>
      given(duplicateHistory)
        .when(mergeIntoSurvivor({ reason: ' ' }))
        .thenThrows(partnerRefusals.mergeReasonRequired));

    it('refuses to merge a partner that is not registered', () =>
      given([]).when(mergeIntoSurvivor()).thenThrows(partnerRefusals.notFound));

    it('refuses every other command once merged, pointing at the survivor', () => {
      const rename: PartnerCommand = { type: 'RenamePartner', data: { partnerId: 'dup', name: 'Other' } };
      const refusal = refusalOf([...duplicateHistory, mergedInto], rename);
      expect(refusal.code).toBe(partnerRefusals.merged);
      expect(refusal.details).toEqual({ survivorId: 'surv' });
    });

    it('undoes the merge, taking back what it handed over', () =>
      given([...duplicateHistory, mergedInto])
        .when({
          type: 'UndoMerge',
          data: { partnerId: 'dup', undoneBy: 's-2', reason: 'Different subsidiaries' },
        })
        .then([mergeUndone]));

    it('refuses to undo a merge that did not happen', () =>
      given(duplicateHistory)
        .when({ type: 'UndoMerge', data: { partnerId: 'dup', undoneBy: 's-2', reason: 'Oops' } })
        .thenThrows(partnerRefusals.notMerged));

    it('folds a merge and its undo back into the partner it was', () => {
      const before = fold(partnerDecider, duplicateHistory) as Partner;
      const merged = fold(partnerDecider, [...duplicateHistory, mergedInto]) as Partner;
      const undone = fold(partnerDecider, [...duplicateHistory, mergedInto, mergeUndone]) as Partner;
      expect(merged).toMatchObject({ status: 'merged', externalLinks: {}, contacts: {} });
      expect(merged.mergedInto?.survivorId).toBe('surv');
      expect(undone).toEqual(before);
    });
  });

  describe('on the survivor', () => {
    it('absorbs what it lacks and keeps the stricter permission of a shared contact', () =>
      given(survivorHistory).when(absorb).then([absorbed]));

    it('records nothing when it already holds the duplicate (a retried merge)', () =>
      given([...survivorHistory, absorbed])
        .when(absorb)
        .then([]));

    it('refuses to absorb itself', () =>
      given(survivorHistory)
        .when({ ...absorb, data: { ...absorb.data, duplicateId: 'surv' } })
        .thenThrows(partnerRefusals.cannotMergeIntoItself));

    it('refuses to absorb into a survivor that was merged away meanwhile', () =>
      given([
        ...survivorHistory,
        { ...mergedInto, data: { ...mergedInto.data, partnerId: 'surv', survivorId: 'x' } },
      ])
        .when(absorb)
        .thenThrows(partnerRefusals.merged));

    it('releases what it still holds of the duplicate', () =>
      given([
        ...survivorHistory,
        absorbed,
        {
          type: 'ExternalRecordUnlinked',
          data: { partnerId: 'surv', system: 'advancement', externalId: 'ORG-9' },
        },
      ])
        .when({ type: 'ReleaseDuplicate', data: { partnerId: 'surv', duplicateId: 'dup' } })
        .then([
          {
            type: 'DuplicateReleased',
            data: { partnerId: 'surv', duplicateId: 'dup', externalLinks: [], contacts: [contact('c-ann')] },
          },
        ]));

    it('records nothing when releasing a duplicate it does not hold (a retried undo)', () =>
      given(survivorHistory)
        .when({ type: 'ReleaseDuplicate', data: { partnerId: 'surv', duplicateId: 'dup' } })
        .then([]));

    it('folds absorb and release: links and contacts follow the survivor, then go back', () => {
      const merged = fold(partnerDecider, [...survivorHistory, absorbed]) as Partner;
      expect(merged.externalLinks).toEqual({ careers: ['EMP-3'], advancement: ['ORG-9'] });
      expect(Object.keys(merged.contacts).sort()).toEqual(['c-ann', 'c-eve']);
      expect(merged.contacts['c-eve']?.permission).toBe('do-not-contact');
      const released = fold(partnerDecider, [
        ...survivorHistory,
        absorbed,
        {
          type: 'DuplicateReleased',
          data: {
            partnerId: 'surv',
            duplicateId: 'dup',
            externalLinks: absorbed.data.externalLinks,
            contacts: absorbed.data.contacts,
          },
        },
      ]) as Partner;
      expect(released.externalLinks).toEqual({ careers: ['EMP-3'] });
      expect(Object.keys(released.contacts)).toEqual(['c-eve']);
      // A person's stricter wish, learned through the duplicate, stays.
      expect(released.contacts['c-eve']?.permission).toBe('do-not-contact');
      expect(released.absorbedDuplicates).toEqual({});
    });
  });
});
