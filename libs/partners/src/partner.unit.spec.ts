import { fold } from '@continuum/kernel';
import { specificationFor } from '@continuum/kernel/testing';
import type { AffiliateContact, LogInteraction, PartnerCommand, RegisterPartner } from './partner.commands';
import {
  partnerEventTypes,
  type ContactAffiliated,
  type InteractionLogged,
  type PartnerEvent,
  type PartnerRegistered,
} from './partner.events';
import { partnerDecider, partnerStream } from './partner';
import { partnerRefusals } from './partner.rules';
import type { Partner } from './partner.state';

const given = specificationFor(partnerDecider);
const partnerId = 'p-acme';

const register: RegisterPartner = {
  type: 'RegisterPartner',
  data: {
    partnerId,
    name: ' Acme Robotics Inc. ',
    webDomain: 'https://www.AcmeRobotics.com/about',
    industry: 'Robotics',
    region: 'Midwest',
    registeredVia: 'staff',
  },
};
const registering = (data: Partial<RegisterPartner['data']>): RegisterPartner => ({
  ...register,
  data: { ...register.data, ...data },
});
const registered: PartnerRegistered = {
  type: 'PartnerRegistered',
  data: {
    partnerId,
    name: 'Acme Robotics Inc.',
    webDomain: 'acmerobotics.com',
    industry: 'Robotics',
    region: 'Midwest',
    tier: 'prospect',
    registeredVia: 'staff',
  },
};

const command = <Type extends PartnerCommand['type']>(
  type: Type,
  data: Omit<Extract<PartnerCommand, { type: Type }>['data'], 'partnerId'>,
): PartnerCommand => ({ type, data: { partnerId, ...data } }) as unknown as PartnerCommand;

const affiliate = (data: Partial<AffiliateContact['data']> = {}): AffiliateContact => ({
  type: 'AffiliateContact',
  data: {
    partnerId,
    contactId: 'c-ada',
    name: 'Ada Byron',
    email: 'Ada@AcmeRobotics.com',
    role: 'VP Research',
    permission: 'free',
    ...data,
  },
});
const affiliated = (
  contactId: string,
  permission: ContactAffiliated['data']['permission'] = 'free',
): ContactAffiliated => ({
  type: 'ContactAffiliated',
  data: { partnerId, contactId, name: 'Ada Byron', role: 'VP Research', permission },
});
const ada: ContactAffiliated = {
  type: 'ContactAffiliated',
  data: {
    partnerId,
    contactId: 'c-ada',
    name: 'Ada Byron',
    email: 'ada@acmerobotics.com',
    role: 'VP Research',
    permission: 'free',
  },
};

const logInteraction = (data: Partial<LogInteraction['data']> = {}): LogInteraction => ({
  type: 'LogInteraction',
  data: {
    partnerId,
    interactionId: 'i-1',
    kind: 'meeting',
    occurredAt: '2026-03-02T15:00:00Z',
    summary: 'Discussed a sponsored research project',
    staffIds: ['s-1'],
    contactIds: ['c-ada'],
    ...data,
  },
});
const interactionLogged = (data: Partial<InteractionLogged['data']> = {}): InteractionLogged => ({
  type: 'InteractionLogged',
  data: {
    partnerId,
    interactionId: 'i-1',
    kind: 'meeting',
    occurredAt: '2026-03-02T15:00:00Z',
    summary: 'Discussed a sponsored research project',
    staffIds: ['s-1'],
    contactIds: ['c-ada'],
    ...data,
  },
});

describe('Partner', () => {
  describe('registration', () => {
    it('registers a partner at the prospect tier with a normalised web domain', () =>
      given([]).when(register).then([registered]));

    it('registers at a requested tier, as a campus system, under a parent', () =>
      given([])
        .when(
          registering({
            tier: 'engaged',
            registeredVia: 'campus-system',
            parentPartnerId: 'p-holding',
            webDomain: undefined,
            industry: ' ',
          }),
        )
        .then([
          {
            type: 'PartnerRegistered',
            data: {
              partnerId,
              name: 'Acme Robotics Inc.',
              region: 'Midwest',
              parentPartnerId: 'p-holding',
              tier: 'engaged',
              registeredVia: 'campus-system',
            },
          },
        ]));

    it('refuses to register a partner twice', () =>
      given([registered]).when(register).thenThrows(partnerRefusals.alreadyRegistered));

    it('refuses a registration without a name', () =>
      given([])
        .when(registering({ name: '  ' }))
        .thenThrows(partnerRefusals.nameRequired));

    it('refuses a web domain that is not one', () =>
      given([])
        .when(registering({ webDomain: 'not a domain' }))
        .thenThrows(partnerRefusals.invalidWebDomain));

    it('refuses an unknown tier or registration channel', () => {
      given([])
        .when(registering({ tier: 'gold' }))
        .thenThrows(partnerRefusals.unknownTier);
      given([])
        .when(registering({ registeredVia: 'fax' }))
        .thenThrows(partnerRefusals.unknownRegistrationChannel);
    });

    it('refuses a partner that is its own parent', () =>
      given([])
        .when(registering({ parentPartnerId: partnerId }))
        .thenThrows(partnerRefusals.cannotParentItself));

    it('refuses every other command on a partner that is not registered', () =>
      given([])
        .when(command('RenamePartner', { name: 'Acme' }))
        .thenThrows(partnerRefusals.notFound));
  });

  describe('renaming', () => {
    it('renames a partner', () =>
      given([registered])
        .when(command('RenamePartner', { name: 'Acme Robotics Group' }))
        .then([
          {
            type: 'PartnerRenamed',
            data: { partnerId, name: 'Acme Robotics Group', previousName: 'Acme Robotics Inc.' },
          },
        ]));

    it('records nothing when renamed to the same name', () =>
      given([registered])
        .when(command('RenamePartner', { name: 'Acme Robotics Inc. ' }))
        .then([]));

    it('refuses an empty name', () =>
      given([registered])
        .when(command('RenamePartner', { name: '' }))
        .thenThrows(partnerRefusals.nameRequired));
  });

  describe('external records', () => {
    const link = command('LinkExternalRecord', { system: 'advancement', externalId: 'ORG-00172' });
    const linked: PartnerEvent = {
      type: 'ExternalRecordLinked',
      data: { partnerId, system: 'advancement', externalId: 'ORG-00172' },
    };

    it('links a campus system record', () => given([registered]).when(link).then([linked]));

    it('records nothing when the record is already linked', () =>
      given([registered, linked]).when(link).then([]));

    it('refuses a link without a system or id', () =>
      given([registered])
        .when(command('LinkExternalRecord', { system: 'advancement', externalId: ' ' }))
        .thenThrows(partnerRefusals.externalLinkRequired));

    it('unlinks a linked record', () =>
      given([registered, linked])
        .when(command('UnlinkExternalRecord', { system: 'advancement', externalId: 'ORG-00172' }))
        .then([
          {
            type: 'ExternalRecordUnlinked',
            data: { partnerId, system: 'advancement', externalId: 'ORG-00172' },
          },
        ]));

    it('refuses to unlink a record that is not linked', () =>
      given([registered, linked])
        .when(command('UnlinkExternalRecord', { system: 'research', externalId: 'ORG-00172' }))
        .thenThrows(partnerRefusals.externalLinkNotFound));
  });

  describe('owner and sponsor', () => {
    it('assigns a relationship owner, naming the previous one', () =>
      given([registered, { type: 'RelationshipOwnerAssigned', data: { partnerId, staffId: 's-1' } }])
        .when(command('AssignRelationshipOwner', { staffId: 's-2' }))
        .then([
          { type: 'RelationshipOwnerAssigned', data: { partnerId, staffId: 's-2', previousStaffId: 's-1' } },
        ]));

    it('records nothing when the same owner is assigned again', () =>
      given([registered, { type: 'RelationshipOwnerAssigned', data: { partnerId, staffId: 's-1' } }])
        .when(command('AssignRelationshipOwner', { staffId: 's-1' }))
        .then([]));

    it('assigns an executive sponsor', () =>
      given([registered])
        .when(command('AssignExecutiveSponsor', { staffId: 's-9' }))
        .then([{ type: 'ExecutiveSponsorAssigned', data: { partnerId, staffId: 's-9' } }]));

    it('records nothing when the same sponsor is assigned again', () =>
      given([registered, { type: 'ExecutiveSponsorAssigned', data: { partnerId, staffId: 's-9' } }])
        .when(command('AssignExecutiveSponsor', { staffId: 's-9' }))
        .then([]));

    it('refuses an assignment without a staff id', () =>
      given([registered])
        .when(command('AssignExecutiveSponsor', { staffId: '' }))
        .thenThrows(partnerRefusals.staffIdRequired));
  });

  describe('tier', () => {
    it('changes the tier with a reason, naming both tiers', () =>
      given([registered])
        .when(command('ChangeTier', { tier: 'engaged', reason: 'First sponsored project' }))
        .then([
          {
            type: 'TierChanged',
            data: { partnerId, from: 'prospect', to: 'engaged', reason: 'First sponsored project' },
          },
        ]));

    it('records nothing when asked for the tier it already has', () =>
      given([registered])
        .when(command('ChangeTier', { tier: 'prospect', reason: 'Review' }))
        .then([]));

    it('refuses a tier change without a reason', () =>
      given([registered])
        .when(command('ChangeTier', { tier: 'engaged', reason: '  ' }))
        .thenThrows(partnerRefusals.tierReasonRequired));

    it('refuses an unknown tier', () =>
      given([registered])
        .when(command('ChangeTier', { tier: 'platinum', reason: 'Big gift' }))
        .thenThrows(partnerRefusals.unknownTier));
  });

  describe('contacts', () => {
    it('affiliates a contact with a lower-cased email', () =>
      given([registered]).when(affiliate()).then([ada]));

    it('records nothing when the same contact is affiliated again with the same details', () =>
      given([registered, ada]).when(affiliate()).then([]));

    it('refuses to affiliate a contact again with other details', () =>
      given([registered, ada])
        .when(affiliate({ role: 'CTO' }))
        .thenThrows(partnerRefusals.contactAlreadyAffiliated));

    it('refuses a contact without a name or role, or with an unknown permission', () => {
      given([registered])
        .when(affiliate({ name: '' }))
        .thenThrows(partnerRefusals.contactDetailsRequired);
      given([registered])
        .when(affiliate({ role: ' ' }))
        .thenThrows(partnerRefusals.contactDetailsRequired);
      given([registered])
        .when(affiliate({ permission: 'maybe' }))
        .thenThrows(partnerRefusals.unknownContactPermission);
    });

    it('changes a contact permission', () =>
      given([registered, ada])
        .when(command('ChangeContactPermission', { contactId: 'c-ada', permission: 'do-not-contact' }))
        .then([
          {
            type: 'ContactPermissionChanged',
            data: { partnerId, contactId: 'c-ada', permission: 'do-not-contact', previousPermission: 'free' },
          },
        ]));

    it('records nothing when the permission is unchanged', () =>
      given([registered, ada])
        .when(command('ChangeContactPermission', { contactId: 'c-ada', permission: 'free' }))
        .then([]));

    it('refuses to change the permission of a contact that is not affiliated', () =>
      given([registered])
        .when(command('ChangeContactPermission', { contactId: 'c-ada', permission: 'free' }))
        .thenThrows(partnerRefusals.contactNotAffiliated));

    it('ends an affiliation', () =>
      given([registered, ada])
        .when(command('EndContactAffiliation', { contactId: 'c-ada', reason: 'Left the company' }))
        .then([
          {
            type: 'ContactAffiliationEnded',
            data: { partnerId, contactId: 'c-ada', reason: 'Left the company' },
          },
        ]));

    it('refuses to end an affiliation that does not exist (or already ended)', () =>
      given([registered, ada, { type: 'ContactAffiliationEnded', data: { partnerId, contactId: 'c-ada' } }])
        .when(command('EndContactAffiliation', { contactId: 'c-ada' }))
        .thenThrows(partnerRefusals.contactNotAffiliated));
  });

  describe('interactions', () => {
    it('logs an interaction with affiliated contacts', () =>
      given([registered, ada]).when(logInteraction()).then([interactionLogged()]));

    it('logs an interaction with no contact, de-duplicating staff', () =>
      given([registered])
        .when(logInteraction({ contactIds: [], staffIds: ['s-1', 's-1', 's-2'] }))
        .then([interactionLogged({ contactIds: [], staffIds: ['s-1', 's-2'] })]));

    it('records nothing when the same interaction is logged again', () =>
      given([registered, ada, interactionLogged()])
        .when(logInteraction({ summary: 'edited' }))
        .then([]));

    it('refuses an interaction with a contact that is not affiliated', () =>
      given([registered, ada])
        .when(logInteraction({ contactIds: ['c-ada', 'c-bob'] }))
        .thenThrows(partnerRefusals.contactNotAffiliated));

    it('refuses an interaction involving a do-not-contact contact', () =>
      given([registered, ada, affiliated('c-eve', 'do-not-contact')])
        .when(logInteraction({ contactIds: ['c-ada', 'c-eve'] }))
        .thenThrows(partnerRefusals.contactMustNotBeContacted));

    it('allows an interaction with a notify-owner-first contact', () =>
      given([registered, affiliated('c-nia', 'notify-owner-first')])
        .when(logInteraction({ contactIds: ['c-nia'] }))
        .then([interactionLogged({ contactIds: ['c-nia'] })]));

    it('refuses an interaction with an unknown kind, a bad time, no summary or no staff', () => {
      given([registered])
        .when(logInteraction({ kind: 'fax', contactIds: [] }))
        .thenThrows(partnerRefusals.unknownInteractionKind);
      given([registered])
        .when(logInteraction({ occurredAt: '2026-03-02', contactIds: [] }))
        .thenThrows(partnerRefusals.invalidTimestamp);
      given([registered])
        .when(logInteraction({ summary: ' ', contactIds: [] }))
        .thenThrows(partnerRefusals.interactionSummaryRequired);
      given([registered])
        .when(logInteraction({ staffIds: [], contactIds: [] }))
        .thenThrows(partnerRefusals.interactionStaffRequired);
    });
  });

  describe('state', () => {
    it('folds history into what the 360 and the rules need', () => {
      const state = fold(partnerDecider, [
        registered,
        { type: 'RelationshipOwnerAssigned', data: { partnerId, staffId: 's-1' } },
        { type: 'ExecutiveSponsorAssigned', data: { partnerId, staffId: 's-9' } },
        { type: 'TierChanged', data: { partnerId, from: 'prospect', to: 'partner', reason: 'MRA signed' } },
        { type: 'ExternalRecordLinked', data: { partnerId, system: 'advancement', externalId: 'ORG-1' } },
        { type: 'ExternalRecordLinked', data: { partnerId, system: 'advancement', externalId: 'ORG-2' } },
        { type: 'ExternalRecordLinked', data: { partnerId, system: 'research', externalId: 'R-7' } },
        { type: 'ExternalRecordUnlinked', data: { partnerId, system: 'research', externalId: 'R-7' } },
        ada,
        affiliated('c-bob'),
        {
          type: 'ContactPermissionChanged',
          data: {
            partnerId,
            contactId: 'c-ada',
            permission: 'notify-owner-first',
            previousPermission: 'free',
          },
        },
        { type: 'ContactAffiliationEnded', data: { partnerId, contactId: 'c-bob' } },
        interactionLogged({ interactionId: 'i-1', occurredAt: '2026-03-05T10:00:00Z' }),
        interactionLogged({ interactionId: 'i-2', occurredAt: '2026-03-01T10:00:00+02:00' }),
      ]) as Partner;
      expect(state).toMatchObject({
        status: 'active',
        name: 'Acme Robotics Inc.',
        webDomain: 'acmerobotics.com',
        tier: 'partner',
        relationshipOwnerId: 's-1',
        executiveSponsorId: 's-9',
        externalLinks: { advancement: ['ORG-1', 'ORG-2'] },
        interactionIds: ['i-1', 'i-2'],
        lastInteractionAt: '2026-03-05T10:00:00Z',
      });
      expect(Object.keys(state.contacts)).toEqual(['c-ada']);
      expect(state.contacts['c-ada']?.permission).toBe('notify-owner-first');
    });

    it('names its stream partner-<id> and lists every event type once', () => {
      expect(partnerStream('p-acme')).toBe('partner-p-acme');
      expect(new Set(partnerEventTypes).size).toBe(15);
    });
  });
});
