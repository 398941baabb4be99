import type { DomainCommand } from '@continuum/kernel';
import type { AffiliatedContact, ExternalLink } from './partner.events';

/** What the handler saw of the survivor's stream when it built MergeIntoSurvivor. */
export interface SurvivorStatus {
  readonly exists: boolean;
  readonly mergedInto?: string;
}

export type RegisterPartner = DomainCommand<
  'RegisterPartner',
  {
    readonly partnerId: string;
    readonly name: string;
    /** Any spelling (`https://www.acme.com/`): stored normalised. */
    readonly webDomain?: string;
    readonly industry?: string;
    readonly region?: string;
    readonly parentPartnerId?: string;
    readonly registeredVia: string;
    /** Defaults to `prospect`. */
    readonly tier?: string;
  }
>;
export type RenamePartner = DomainCommand<
  'RenamePartner',
  { readonly partnerId: string; readonly name: string }
>;
export type LinkExternalRecord = DomainCommand<
  'LinkExternalRecord',
  { readonly partnerId: string; readonly system: string; readonly externalId: string }
>;
export type UnlinkExternalRecord = DomainCommand<
  'UnlinkExternalRecord',
  { readonly partnerId: string; readonly system: string; readonly externalId: string }
>;
export type AssignRelationshipOwner = DomainCommand<
  'AssignRelationshipOwner',
  { readonly partnerId: string; readonly staffId: string }
>;
export type AssignExecutiveSponsor = DomainCommand<
  'AssignExecutiveSponsor',
  { readonly partnerId: string; readonly staffId: string }
>;
export type ChangeTier = DomainCommand<
  'ChangeTier',
  { readonly partnerId: string; readonly tier: string; readonly reason: string }
>;
export type AffiliateContact = DomainCommand<
  'AffiliateContact',
  {
    readonly partnerId: string;
    readonly contactId: string;
    readonly name: string;
    readonly email?: string;
    readonly role: string;
    readonly permission: string;
  }
>;
export type ChangeContactPermission = DomainCommand<
  'ChangeContactPermission',
  { readonly partnerId: string; readonly contactId: string; readonly permission: string }
>;
export type EndContactAffiliation = DomainCommand<
  'EndContactAffiliation',
  { readonly partnerId: string; readonly contactId: string; readonly reason?: string }
>;
export type LogInteraction = DomainCommand<
  'LogInteraction',
  {
    readonly partnerId: string;
    readonly interactionId: string;
    readonly kind: string;
    /** ISO 8601 timestamp. */
    readonly occurredAt: string;
    readonly summary: string;
    readonly staffIds: readonly string[];
    readonly contactIds: readonly string[];
  }
>;
/** Sent to the duplicate. */
export type MergeIntoSurvivor = DomainCommand<
  'MergeIntoSurvivor',
  {
    readonly partnerId: string;
    readonly survivorId: string;
    readonly survivor: SurvivorStatus;
    readonly mergedBy: string;
    readonly reason: string;
  }
>;
/** Sent to the survivor, with what the duplicate's PartnerMergedInto moved. */
export type AbsorbDuplicate = DomainCommand<
  'AbsorbDuplicate',
  {
    readonly partnerId: string;
    readonly duplicateId: string;
    readonly externalLinks: readonly ExternalLink[];
    readonly contacts: readonly AffiliatedContact[];
  }
>;
/** Sent to the duplicate. */
export type UndoMerge = DomainCommand<
  'UndoMerge',
  { readonly partnerId: string; readonly undoneBy: string; readonly reason: string }
>;
/** Sent to the survivor once the duplicate's merge is undone. */
export type ReleaseDuplicate = DomainCommand<
  'ReleaseDuplicate',
  { readonly partnerId: string; readonly duplicateId: string }
>;

export type PartnerCommand =
  | RegisterPartner
  | RenamePartner
  | LinkExternalRecord
  | UnlinkExternalRecord
  | AssignRelationshipOwner
  | AssignExecutiveSponsor
  | ChangeTier
  | AffiliateContact
  | ChangeContactPermission
  | EndContactAffiliation
  | LogInteraction
  | MergeIntoSurvivor
  | AbsorbDuplicate
  | UndoMerge
  | ReleaseDuplicate;
