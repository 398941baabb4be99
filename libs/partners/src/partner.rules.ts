import { invalid } from '@continuum/kernel';
import {
  contactPermissions,
  interactionKinds,
  partnerTiers,
  registrationChannels,
  type AffiliatedContact,
  type ContactPermission,
  type ExternalLink,
  type InteractionKind,
  type PartnerTier,
  type RegistrationChannel,
} from './partner.events';

export const partnerRefusals = {
  notFound: 'partner-not-found',
  alreadyRegistered: 'partner-already-registered',
  merged: 'partner-merged',
  nameRequired: 'partner-name-required',
  invalidWebDomain: 'invalid-web-domain',
  unknownRegistrationChannel: 'unknown-registration-channel',
  cannotParentItself: 'partner-cannot-parent-itself',
  externalLinkRequired: 'external-link-required',
  externalLinkNotFound: 'external-link-not-found',
  staffIdRequired: 'staff-id-required',
  unknownTier: 'unknown-tier',
  tierReasonRequired: 'tier-change-reason-required',
  contactDetailsRequired: 'contact-details-required',
  unknownContactPermission: 'unknown-contact-permission',
  contactAlreadyAffiliated: 'contact-already-affiliated',
  contactNotAffiliated: 'contact-not-affiliated',
  contactMustNotBeContacted: 'contact-must-not-be-contacted',
  unknownInteractionKind: 'unknown-interaction-kind',
  invalidTimestamp: 'invalid-timestamp',
  interactionSummaryRequired: 'interaction-summary-required',
  interactionStaffRequired: 'interaction-staff-required',
  cannotMergeIntoItself: 'cannot-merge-into-itself',
  survivorNotFound: 'survivor-not-found',
  survivorAlreadyMerged: 'survivor-already-merged',
  alreadyMerged: 'partner-already-merged',
  mergeReasonRequired: 'merge-reason-required',
  notMerged: 'partner-not-merged',
} as const;

/** Trimmed text, or an `invalid` refusal when nothing is left. */
export function requiredText(value: string | undefined, code: string, what: string): string {
  const text = value?.trim() ?? '';
  if (text.length === 0) throw invalid(code, `${what} is required`);
  return text;
}

/** Trimmed text, or undefined when blank: optional fields never store "". */
export function optionalText(value: string | undefined): string | undefined {
  const text = value?.trim() ?? '';
  return text.length === 0 ? undefined : text;
}

const oneOf =
  <Value extends string>(values: readonly Value[], code: string, what: string) =>
  (value: string): Value => {
    if (!(values as readonly string[]).includes(value))
      throw invalid(code, `"${value}" is not a ${what} (${values.join(', ')})`);
    return value as Value;
  };

export const tierFrom: (value: string) => PartnerTier = oneOf(
  partnerTiers,
  partnerRefusals.unknownTier,
  'partner tier',
);
export const registrationChannelFrom: (value: string) => RegistrationChannel = oneOf(
  registrationChannels,
  partnerRefusals.unknownRegistrationChannel,
  'registration channel',
);
export const permissionFrom: (value: string) => ContactPermission = oneOf(
  contactPermissions,
  partnerRefusals.unknownContactPermission,
  'contact permission',
);
export const interactionKindFrom: (value: string) => InteractionKind = oneOf(
  interactionKinds,
  partnerRefusals.unknownInteractionKind,
  'interaction kind',
);

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function timestampFrom(value: string, what: string): string {
  if (!TIMESTAMP.test(value) || Number.isNaN(Date.parse(value)))
    throw invalid(partnerRefusals.invalidTimestamp, `${what} "${value}" is not an ISO 8601 timestamp`);
  return value;
}

export const isLaterThan = (candidate: string, current: string | undefined): boolean =>
  current === undefined || Date.parse(candidate) > Date.parse(current);

export const isStricter = (candidate: ContactPermission, current: ContactPermission): boolean =>
  contactPermissions.indexOf(candidate) > contactPermissions.indexOf(current);

export type LinksBySystem = Readonly<Record<string, readonly string[]>>;
export type ContactsById = Readonly<Record<string, AffiliatedContact>>;

export const hasLink = (links: LinksBySystem, link: ExternalLink): boolean =>
  links[link.system]?.includes(link.externalId) ?? false;

export const linkList = (links: LinksBySystem): ExternalLink[] =>
  Object.entries(links).flatMap(([system, ids]) => ids.map((externalId) => ({ system, externalId })));

export function withLinks(links: LinksBySystem, added: readonly ExternalLink[]): LinksBySystem {
  const result: Record<string, readonly string[]> = { ...links };
  for (const { system, externalId } of added) {
    const ids = result[system] ?? [];
    if (!ids.includes(externalId)) result[system] = [...ids, externalId];
  }
  return result;
}

export const withoutLinks = (links: LinksBySystem, removed: readonly ExternalLink[]): LinksBySystem =>
  Object.fromEntries(
    Object.entries(links)
      .map(([system, ids]) => {
        const kept = ids.filter(
          (externalId) => !removed.some((link) => link.system === system && link.externalId === externalId),
        );
        return [system, kept] as const;
      })
      .filter(([, ids]) => ids.length > 0),
  );

export const withContacts = (contacts: ContactsById, added: readonly AffiliatedContact[]): ContactsById => ({
  ...contacts,
  ...Object.fromEntries(added.map((contact) => [contact.contactId, contact])),
});

export const withoutContacts = (contacts: ContactsById, removedIds: readonly string[]): ContactsById =>
  Object.fromEntries(Object.entries(contacts).filter(([contactId]) => !removedIds.includes(contactId)));

export const sameContact = (a: AffiliatedContact, b: AffiliatedContact): boolean =>
  a.contactId === b.contactId &&
  a.name === b.name &&
  a.email === b.email &&
  a.role === b.role &&
  a.permission === b.permission;
