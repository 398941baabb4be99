import type {
  AffiliatedContact,
  ExternalLink,
  PartnerEvent,
  PartnerTier,
  RegistrationChannel,
} from './partner.events';
import {
  isLaterThan,
  linkList,
  withContacts,
  withLinks,
  withoutContacts,
  withoutLinks,
  type ContactsById,
  type LinksBySystem,
} from './partner.rules';

/** What a duplicate handed to its survivor, kept so an undo can hand back exactly that. */
export interface MovedRecords {
  readonly externalLinks: readonly ExternalLink[];
  readonly contacts: readonly AffiliatedContact[];
}

export interface Partner {
  readonly status: 'active' | 'merged';
  readonly partnerId: string;
  readonly name: string;
  readonly webDomain?: string;
  readonly industry?: string;
  readonly region?: string;
  readonly parentPartnerId?: string;
  readonly tier: PartnerTier;
  readonly registeredVia: RegistrationChannel;
  readonly relationshipOwnerId?: string;
  readonly executiveSponsorId?: string;
  /** system → that system's ids for this company. */
  readonly externalLinks: LinksBySystem;
  /** Current affiliations only; an ended one leaves. */
  readonly contacts: ContactsById;
  readonly interactionIds: readonly string[];
  readonly lastInteractionAt?: string;
  /** Set while this partner is a merged duplicate: commands go to the survivor. */
  readonly mergedInto?: MovedRecords & { readonly survivorId: string };
  /** Duplicates merged into this partner, with what they brought that this partner did not hold. */
  readonly absorbedDuplicates: Readonly<Record<string, MovedRecords>>;
}

export type PartnerState = { readonly status: 'unregistered' } | Partner;

export const initialState = (): PartnerState => ({ status: 'unregistered' });

export const externalLinksOf = (partner: Partner): ExternalLink[] => linkList(partner.externalLinks);

export const contactsOf = (partner: Partner): AffiliatedContact[] => Object.values(partner.contacts);

export function evolve(state: PartnerState, event: PartnerEvent): PartnerState {
  if (event.type === 'PartnerRegistered') {
    const { partnerId: _partnerId, ...profile } = event.data;
    return {
      ...profile,
      status: 'active',
      partnerId: event.data.partnerId,
      externalLinks: {},
      contacts: {},
      interactionIds: [],
      absorbedDuplicates: {},
    };
  }
  if (state.status === 'unregistered') return state;
  switch (event.type) {
    case 'PartnerRenamed':
      return { ...state, name: event.data.name };
    case 'ExternalRecordLinked':
      return { ...state, externalLinks: withLinks(state.externalLinks, [event.data]) };
    case 'ExternalRecordUnlinked':
      return { ...state, externalLinks: withoutLinks(state.externalLinks, [event.data]) };
    case 'RelationshipOwnerAssigned':
      return { ...state, relationshipOwnerId: event.data.staffId };
    case 'ExecutiveSponsorAssigned':
      return { ...state, executiveSponsorId: event.data.staffId };
    case 'TierChanged':
      return { ...state, tier: event.data.to };
    case 'ContactAffiliated': {
      const { partnerId: _partnerId, ...contact } = event.data;
      return { ...state, contacts: withContacts(state.contacts, [contact]) };
    }
    case 'ContactPermissionChanged':
      return withPermission(state, event.data.contactId, event.data.permission);
    case 'ContactAffiliationEnded':
      return { ...state, contacts: withoutContacts(state.contacts, [event.data.contactId]) };
    case 'InteractionLogged':
      return {
        ...state,
        interactionIds: [...state.interactionIds, event.data.interactionId],
        lastInteractionAt: isLaterThan(event.data.occurredAt, state.lastInteractionAt)
          ? event.data.occurredAt
          : state.lastInteractionAt,
      };
    case 'PartnerMergedInto': {
      const { survivorId, externalLinks, contacts } = event.data;
      return {
        ...state,
        status: 'merged',
        mergedInto: { survivorId, externalLinks, contacts },
        externalLinks: withoutLinks(state.externalLinks, externalLinks),
        contacts: withoutContacts(
          state.contacts,
          contacts.map((contact) => contact.contactId),
        ),
      };
    }
    case 'PartnerMergeUndone': {
      const { mergedInto: _undone, ...unmerged } = state;
      return {
        ...unmerged,
        status: 'active',
        externalLinks: withLinks(state.externalLinks, event.data.externalLinks),
        contacts: withContacts(state.contacts, event.data.contacts),
      };
    }
    case 'DuplicateAbsorbed': {
      const { duplicateId, externalLinks, contacts, tightenedPermissions } = event.data;
      const absorbed = {
        ...state,
        externalLinks: withLinks(state.externalLinks, externalLinks),
        contacts: withContacts(state.contacts, contacts),
        absorbedDuplicates: { ...state.absorbedDuplicates, [duplicateId]: { externalLinks, contacts } },
      };
      return tightenedPermissions.reduce<Partner>(
        (partner, { contactId, permission }) => withPermission(partner, contactId, permission),
        absorbed,
      );
    }
    case 'DuplicateReleased': {
      const { [event.data.duplicateId]: _released, ...stillAbsorbed } = state.absorbedDuplicates;
      return {
        ...state,
        externalLinks: withoutLinks(state.externalLinks, event.data.externalLinks),
        contacts: withoutContacts(
          state.contacts,
          event.data.contacts.map((contact) => contact.contactId),
        ),
        absorbedDuplicates: stillAbsorbed,
      };
    }
  }
}

function withPermission(partner: Partner, contactId: string, permission: AffiliatedContact['permission']) {
  const contact = partner.contacts[contactId];
  if (!contact) return partner;
  return { ...partner, contacts: { ...partner.contacts, [contactId]: { ...contact, permission } } };
}
