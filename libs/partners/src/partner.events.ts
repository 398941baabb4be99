import type { DomainEvent } from '@continuum/kernel';

export const partnerTiers = ['prospect', 'engaged', 'partner', 'strategic'] as const;
export type PartnerTier = (typeof partnerTiers)[number];

export const registrationChannels = ['staff', 'campus-system'] as const;
export type RegistrationChannel = (typeof registrationChannels)[number];

/** Ordered from least to most restrictive: merging keeps the stricter one. */
export const contactPermissions = ['free', 'notify-owner-first', 'do-not-contact'] as const;
export type ContactPermission = (typeof contactPermissions)[number];

export const interactionKinds = ['meeting', 'call', 'visit', 'email'] as const;
export type InteractionKind = (typeof interactionKinds)[number];

/** A campus system's own key for the company, e.g. `{ system: 'advancement', externalId: 'ORG-00172' }`. */
export interface ExternalLink {
  readonly system: string;
  readonly externalId: string;
}

export interface AffiliatedContact {
  readonly contactId: string;
  readonly name: string;
  readonly email?: string;
  readonly role: string;
  readonly permission: ContactPermission;
}

export interface PartnerRegisteredData {
  readonly partnerId: string;
  readonly name: string;
  /** Normalised with `normaliseWebDomain`. */
  readonly webDomain?: string;
  readonly industry?: string;
  readonly region?: string;
  readonly parentPartnerId?: string;
  readonly tier: PartnerTier;
  readonly registeredVia: RegistrationChannel;
}

export interface PartnerMergedIntoData {
  readonly partnerId: string;
  readonly survivorId: string;
  /** Everything that moved to the survivor: the undo gives exactly this back. */
  readonly externalLinks: readonly ExternalLink[];
  readonly contacts: readonly AffiliatedContact[];
  readonly mergedBy: string;
  readonly reason: string;
}

export interface DuplicateAbsorbedData {
  readonly partnerId: string;
  readonly duplicateId: string;
  /** Only what the survivor did not already hold, so releasing it cannot take the survivor's own. */
  readonly externalLinks: readonly ExternalLink[];
  readonly contacts: readonly AffiliatedContact[];
  /** Contacts both held, where the duplicate's permission was stricter: a person's wish survives the merge. */
  readonly tightenedPermissions: readonly {
    readonly contactId: string;
    readonly permission: ContactPermission;
    readonly previousPermission: ContactPermission;
  }[];
}

export type PartnerRegistered = DomainEvent<'PartnerRegistered', PartnerRegisteredData>;
export type PartnerRenamed = DomainEvent<
  'PartnerRenamed',
  { readonly partnerId: string; readonly name: string; readonly previousName: string }
>;
export type ExternalRecordLinked = DomainEvent<
  'ExternalRecordLinked',
  { readonly partnerId: string } & ExternalLink
>;
export type ExternalRecordUnlinked = DomainEvent<
  'ExternalRecordUnlinked',
  { readonly partnerId: string } & ExternalLink
>;
export type RelationshipOwnerAssigned = DomainEvent<
  'RelationshipOwnerAssigned',
  { readonly partnerId: string; readonly staffId: string; readonly previousStaffId?: string }
>;
export type ExecutiveSponsorAssigned = DomainEvent<
  'ExecutiveSponsorAssigned',
  { readonly partnerId: string; readonly staffId: string; readonly previousStaffId?: string }
>;
export type TierChanged = DomainEvent<
  'TierChanged',
  {
    readonly partnerId: string;
    readonly from: PartnerTier;
    readonly to: PartnerTier;
    readonly reason: string;
  }
>;
export type ContactAffiliated = DomainEvent<
  'ContactAffiliated',
  { readonly partnerId: string } & AffiliatedContact
>;
export type ContactPermissionChanged = DomainEvent<
  'ContactPermissionChanged',
  {
    readonly partnerId: string;
    readonly contactId: string;
    readonly permission: ContactPermission;
    readonly previousPermission: ContactPermission;
  }
>;
export type ContactAffiliationEnded = DomainEvent<
  'ContactAffiliationEnded',
  { readonly partnerId: string; readonly contactId: string; readonly reason?: string }
>;
export type InteractionLogged = DomainEvent<
  'InteractionLogged',
  {
    readonly partnerId: string;
    readonly interactionId: string;
    readonly kind: InteractionKind;
    readonly occurredAt: string;
    readonly summary: string;
    readonly staffIds: readonly string[];
    readonly contactIds: readonly string[];
  }
>;
export type PartnerMergedInto = DomainEvent<'PartnerMergedInto', PartnerMergedIntoData>;
export type DuplicateAbsorbed = DomainEvent<'DuplicateAbsorbed', DuplicateAbsorbedData>;
export type PartnerMergeUndone = DomainEvent<
  'PartnerMergeUndone',
  Omit<PartnerMergedIntoData, 'mergedBy'> & { readonly undoneBy: string }
>;
export type DuplicateReleased = DomainEvent<
  'DuplicateReleased',
  {
    readonly partnerId: string;
    readonly duplicateId: string;
    /** What the survivor still held of the absorbed links and contacts, now back on the duplicate. */
    readonly externalLinks: readonly ExternalLink[];
    readonly contacts: readonly AffiliatedContact[];
  }
>;

export type PartnerEvent =
  | PartnerRegistered
  | PartnerRenamed
  | ExternalRecordLinked
  | ExternalRecordUnlinked
  | RelationshipOwnerAssigned
  | ExecutiveSponsorAssigned
  | TierChanged
  | ContactAffiliated
  | ContactPermissionChanged
  | ContactAffiliationEnded
  | InteractionLogged
  | PartnerMergedInto
  | DuplicateAbsorbed
  | PartnerMergeUndone
  | DuplicateReleased;

export const partnerEventTypes = [
  'PartnerRegistered',
  'PartnerRenamed',
  'ExternalRecordLinked',
  'ExternalRecordUnlinked',
  'RelationshipOwnerAssigned',
  'ExecutiveSponsorAssigned',
  'TierChanged',
  'ContactAffiliated',
  'ContactPermissionChanged',
  'ContactAffiliationEnded',
  'InteractionLogged',
  'PartnerMergedInto',
  'DuplicateAbsorbed',
  'PartnerMergeUndone',
  'DuplicateReleased',
] as const satisfies readonly PartnerEvent['type'][];
