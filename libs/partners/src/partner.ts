import { invalid, notFound, ruleBroken, type Decider } from '@continuum/kernel';
import type { AffiliateContact, LogInteraction, PartnerCommand, RegisterPartner } from './partner.commands';
import type { AffiliatedContact, PartnerEvent } from './partner.events';
import {
  decideAbsorbDuplicate,
  decideMergeIntoSurvivor,
  decideReleaseDuplicate,
  decideUndoMerge,
} from './partner.merge';
import { normaliseWebDomain } from './partner-names';
import {
  hasLink,
  interactionKindFrom,
  optionalText,
  partnerRefusals,
  permissionFrom,
  registrationChannelFrom,
  requiredText,
  sameContact,
  tierFrom,
  timestampFrom,
} from './partner.rules';
import { evolve, initialState, type Partner, type PartnerState } from './partner.state';

export const partnerStream = (partnerId: string): string => `partner-${partnerId}`;

function decide(command: PartnerCommand, state: PartnerState): PartnerEvent[] {
  const { partnerId } = command.data;
  if (command.type === 'RegisterPartner') {
    if (state.status !== 'unregistered')
      throw ruleBroken(partnerRefusals.alreadyRegistered, `Partner ${partnerId} is already registered`);
    return [register(command)];
  }
  if (state.status === 'unregistered')
    throw notFound(partnerRefusals.notFound, `Partner ${partnerId} is not registered`);
  if (state.mergedInto && command.type !== 'UndoMerge') {
    const { survivorId } = state.mergedInto;
    throw command.type === 'MergeIntoSurvivor'
      ? ruleBroken(
          partnerRefusals.alreadyMerged,
          `Partner ${partnerId} is already merged into ${survivorId}`,
          {
            survivorId,
          },
        )
      : ruleBroken(partnerRefusals.merged, `Partner ${partnerId} was merged into ${survivorId}`, {
          survivorId,
        });
  }
  switch (command.type) {
    case 'RenamePartner': {
      const name = requiredText(command.data.name, partnerRefusals.nameRequired, 'A partner name');
      if (name === state.name) return [];
      return [{ type: 'PartnerRenamed', data: { partnerId, name, previousName: state.name } }];
    }
    case 'LinkExternalRecord': {
      const system = requiredText(command.data.system, partnerRefusals.externalLinkRequired, 'A system');
      const externalId = requiredText(command.data.externalId, partnerRefusals.externalLinkRequired, 'An id');
      if (hasLink(state.externalLinks, { system, externalId })) return [];
      return [{ type: 'ExternalRecordLinked', data: { partnerId, system, externalId } }];
    }
    case 'UnlinkExternalRecord': {
      const { system, externalId } = command.data;
      if (!hasLink(state.externalLinks, { system, externalId }))
        throw notFound(
          partnerRefusals.externalLinkNotFound,
          `Partner ${partnerId} has no link to ${system} record ${externalId}`,
        );
      return [{ type: 'ExternalRecordUnlinked', data: { partnerId, system, externalId } }];
    }
    case 'AssignRelationshipOwner': {
      const staffId = requiredText(command.data.staffId, partnerRefusals.staffIdRequired, 'A staff id');
      if (staffId === state.relationshipOwnerId) return [];
      const previous = state.relationshipOwnerId;
      return [
        {
          type: 'RelationshipOwnerAssigned',
          data: { partnerId, staffId, ...(previous === undefined ? {} : { previousStaffId: previous }) },
        },
      ];
    }
    case 'AssignExecutiveSponsor': {
      const staffId = requiredText(command.data.staffId, partnerRefusals.staffIdRequired, 'A staff id');
      if (staffId === state.executiveSponsorId) return [];
      const previous = state.executiveSponsorId;
      return [
        {
          type: 'ExecutiveSponsorAssigned',
          data: { partnerId, staffId, ...(previous === undefined ? {} : { previousStaffId: previous }) },
        },
      ];
    }
    case 'ChangeTier': {
      const to = tierFrom(command.data.tier);
      const reason = requiredText(command.data.reason, partnerRefusals.tierReasonRequired, 'A reason');
      // Already at that tier: nothing changed, so nothing to record (a repeated request is harmless).
      if (to === state.tier) return [];
      return [{ type: 'TierChanged', data: { partnerId, from: state.tier, to, reason } }];
    }
    case 'AffiliateContact':
      return affiliate(command, state);
    case 'ChangeContactPermission': {
      const { contactId } = command.data;
      const permission = permissionFrom(command.data.permission);
      const contact = affiliatedContact(state, contactId);
      if (contact.permission === permission) return [];
      return [
        {
          type: 'ContactPermissionChanged',
          data: { partnerId, contactId, permission, previousPermission: contact.permission },
        },
      ];
    }
    case 'EndContactAffiliation': {
      const { contactId } = command.data;
      affiliatedContact(state, contactId);
      const reason = optionalText(command.data.reason);
      return [
        {
          type: 'ContactAffiliationEnded',
          data: { partnerId, contactId, ...(reason === undefined ? {} : { reason }) },
        },
      ];
    }
    case 'LogInteraction':
      return logInteraction(command, state);
    case 'MergeIntoSurvivor':
      return decideMergeIntoSurvivor(command, state);
    case 'AbsorbDuplicate':
      return decideAbsorbDuplicate(command, state);
    case 'UndoMerge':
      return decideUndoMerge(command, state);
    case 'ReleaseDuplicate':
      return decideReleaseDuplicate(command, state);
  }
}

function register(command: RegisterPartner): PartnerEvent {
  const { partnerId, tier, registeredVia } = command.data;
  const name = requiredText(command.data.name, partnerRefusals.nameRequired, 'A partner name');
  const rawDomain = optionalText(command.data.webDomain);
  const webDomain = rawDomain === undefined ? undefined : normaliseWebDomain(rawDomain);
  if (rawDomain !== undefined && webDomain === undefined)
    throw invalid(partnerRefusals.invalidWebDomain, `"${rawDomain}" is not a web domain`);
  const parentPartnerId = optionalText(command.data.parentPartnerId);
  if (parentPartnerId === partnerId)
    throw invalid(partnerRefusals.cannotParentItself, `Partner ${partnerId} cannot be its own parent`);
  const industry = optionalText(command.data.industry);
  const region = optionalText(command.data.region);
  return {
    type: 'PartnerRegistered',
    data: {
      partnerId,
      name,
      ...(webDomain === undefined ? {} : { webDomain }),
      ...(industry === undefined ? {} : { industry }),
      ...(region === undefined ? {} : { region }),
      ...(parentPartnerId === undefined ? {} : { parentPartnerId }),
      tier: tierFrom(tier ?? 'prospect'),
      registeredVia: registrationChannelFrom(registeredVia),
    },
  };
}

function affiliatedContact(partner: Partner, contactId: string): AffiliatedContact {
  const contact = partner.contacts[contactId];
  if (!contact)
    throw ruleBroken(
      partnerRefusals.contactNotAffiliated,
      `Contact ${contactId} is not affiliated with partner ${partner.partnerId}`,
      { contactIds: [contactId] },
    );
  return contact;
}

function affiliate(command: AffiliateContact, partner: Partner): PartnerEvent[] {
  const required = (value: string, what: string): string =>
    requiredText(value, partnerRefusals.contactDetailsRequired, what);
  const email = optionalText(command.data.email)?.toLowerCase();
  const contact: AffiliatedContact = {
    contactId: required(command.data.contactId, 'A contact id'),
    name: required(command.data.name, 'A contact name'),
    ...(email === undefined ? {} : { email }),
    role: required(command.data.role, 'A contact role'),
    permission: permissionFrom(command.data.permission),
  };
  const existing = partner.contacts[contact.contactId];
  if (existing && sameContact(existing, contact)) return [];
  if (existing)
    throw ruleBroken(
      partnerRefusals.contactAlreadyAffiliated,
      `Contact ${contact.contactId} is already affiliated with other details: change the permission or end the affiliation first`,
    );
  return [{ type: 'ContactAffiliated', data: { partnerId: partner.partnerId, ...contact } }];
}

function logInteraction(command: LogInteraction, partner: Partner): PartnerEvent[] {
  const { partnerId, interactionId } = command.data;
  // The same interaction reported again (a retry, a second device): already on record.
  if (partner.interactionIds.includes(interactionId)) return [];
  const kind = interactionKindFrom(command.data.kind);
  const occurredAt = timestampFrom(command.data.occurredAt, 'occurredAt');
  const summary = requiredText(command.data.summary, partnerRefusals.interactionSummaryRequired, 'A summary');
  const staffIds = [...new Set(command.data.staffIds)];
  const contactIds = [...new Set(command.data.contactIds)];
  if (staffIds.length === 0)
    throw invalid(partnerRefusals.interactionStaffRequired, 'An interaction names at least one staff member');
  const unaffiliated = contactIds.filter((contactId) => !(contactId in partner.contacts));
  if (unaffiliated.length > 0)
    throw ruleBroken(
      partnerRefusals.contactNotAffiliated,
      `Contacts ${unaffiliated.join(', ')} are not affiliated with partner ${partnerId}`,
      { contactIds: unaffiliated },
    );
  const offLimits = contactIds.filter(
    (contactId) => partner.contacts[contactId]?.permission === 'do-not-contact',
  );
  if (offLimits.length > 0)
    throw ruleBroken(
      partnerRefusals.contactMustNotBeContacted,
      `Contacts ${offLimits.join(', ')} asked not to be contacted`,
      { contactIds: offLimits },
    );
  return [
    {
      type: 'InteractionLogged',
      data: { partnerId, interactionId, kind, occurredAt, summary, staffIds, contactIds },
    },
  ];
}

export const partnerDecider: Decider<PartnerCommand, PartnerEvent, PartnerState> = {
  decide,
  evolve,
  initialState,
};
