import type { DomainEvent, Money } from '@continuum/kernel';

/** The contract's `kind` enum (edu.university.research.agreement-signed.v1). */
export const agreementKinds = [
  'NDA',
  'MTA',
  'DUA',
  'SPONSORED_RESEARCH',
  'MASTER_RESEARCH',
  'CLINICAL_TRIAL',
  'COLLABORATION',
  'OTHER',
] as const;
export type AgreementKind = (typeof agreementKinds)[number];

export interface PrincipalInvestigator {
  readonly id: string;
  readonly name: string;
  readonly department: string;
}

export interface AgreementSignedData {
  readonly agreementId: string;
  readonly partnerId: string;
  readonly kind: AgreementKind;
  readonly title: string;
  readonly value?: Money;
  /** YYYY-MM-DD */
  readonly effectiveDate: string;
  /** YYYY-MM-DD; absent for an open-ended agreement. */
  readonly endDate?: string;
  readonly principalInvestigator?: PrincipalInvestigator;
}

export interface AgreementAmendedData {
  readonly agreementId: string;
  readonly partnerId: string;
  /** YYYY-MM-DD; the new end date, when the amendment moves it. */
  readonly endDate?: string;
  /** The new total value, when the amendment changes it. */
  readonly value?: Money;
  readonly note?: string;
  /** YYYY-MM-DD */
  readonly amendedOn: string;
}

export interface AgreementTerminatedData {
  readonly agreementId: string;
  readonly partnerId: string;
  readonly reason: string;
  /** YYYY-MM-DD */
  readonly terminatedOn: string;
}

export interface AgreementExpiredData {
  readonly agreementId: string;
  readonly partnerId: string;
  /** YYYY-MM-DD: the end date the agreement ran out on. */
  readonly endDate: string;
  /** YYYY-MM-DD: the day the expiry was noticed (the timer's date). */
  readonly asOf: string;
}

export type AgreementSigned = DomainEvent<'AgreementSigned', AgreementSignedData>;
export type AgreementAmended = DomainEvent<'AgreementAmended', AgreementAmendedData>;
export type AgreementTerminated = DomainEvent<'AgreementTerminated', AgreementTerminatedData>;
export type AgreementExpired = DomainEvent<'AgreementExpired', AgreementExpiredData>;
export type ResearchAgreementEvent =
  AgreementSigned | AgreementAmended | AgreementTerminated | AgreementExpired;

export const researchAgreementEventTypes = [
  'AgreementSigned',
  'AgreementAmended',
  'AgreementTerminated',
  'AgreementExpired',
] as const satisfies readonly ResearchAgreementEvent['type'][];
