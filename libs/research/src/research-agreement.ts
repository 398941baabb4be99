import {
  compareMoney,
  invalid,
  money,
  notFound,
  ruleBroken,
  zero,
  type Decider,
  type DomainCommand,
  type Money,
  sameMoney,
} from '@continuum/kernel';
import type {
  AgreementAmendedData,
  AgreementKind,
  AgreementSignedData,
  AgreementTerminatedData,
  PrincipalInvestigator,
  ResearchAgreementEvent,
} from './research-agreement.events';

export * from './research-agreement.events';

export const researchAgreementRefusals = {
  notFound: 'agreement-not-found',
  alreadySigned: 'agreement-already-signed',
  notActive: 'agreement-not-active',
  notEndedYet: 'agreement-not-ended-yet',
  endBeforeStart: 'end-before-start',
  amendmentEmpty: 'agreement-amendment-empty',
  valueNegative: 'agreement-value-negative',
} as const;

export type RecordAgreementSigned = DomainCommand<'RecordAgreementSigned', AgreementSignedData>;
export type AmendAgreement = DomainCommand<
  'AmendAgreement',
  {
    readonly agreementId: string;
    readonly endDate?: string;
    readonly value?: Money;
    readonly note?: string;
    readonly amendedOn: string;
  }
>;
export type TerminateAgreement = DomainCommand<
  'TerminateAgreement',
  { readonly agreementId: string; readonly reason: string; readonly terminatedOn: string }
>;
/** Sent by the expiry timer; `asOf` is the day it fires, so the decider needs no clock. */
export type ExpireAgreement = DomainCommand<
  'ExpireAgreement',
  { readonly agreementId: string; readonly asOf: string }
>;
export type ResearchAgreementCommand =
  RecordAgreementSigned | AmendAgreement | TerminateAgreement | ExpireAgreement;

export interface SignedAgreement {
  /** As signed: a repeated signing is compared with this, not with the amended terms. */
  readonly signed: AgreementSignedData;
  readonly partnerId: string;
  readonly kind: AgreementKind;
  readonly title: string;
  /** Current value, after amendments. */
  readonly value?: Money;
  readonly effectiveDate: string;
  /** Current end date, after amendments. */
  readonly endDate?: string;
  readonly principalInvestigator?: PrincipalInvestigator;
  readonly amendments: number;
  /** Kept so a redelivered amendment adds nothing. */
  readonly lastAmendment?: AgreementAmendedData;
}

export type ResearchAgreementState =
  | { readonly status: 'not-signed' }
  | (SignedAgreement & { readonly status: 'active' })
  | (SignedAgreement & {
      readonly status: 'terminated';
      readonly termination: Pick<AgreementTerminatedData, 'reason' | 'terminatedOn'>;
    })
  | (SignedAgreement & { readonly status: 'expired'; readonly expiredAsOf: string });

export const researchAgreementStream = (agreementId: string): string => `agreement-${agreementId}`;

const initialState = (): ResearchAgreementState => ({ status: 'not-signed' });

const decide = (
  command: ResearchAgreementCommand,
  state: ResearchAgreementState,
): ResearchAgreementEvent[] => {
  switch (command.type) {
    case 'RecordAgreementSigned': {
      const signed = agreementSignedFrom(command.data);
      if (state.status === 'not-signed') return [{ type: 'AgreementSigned', data: signed }];
      if (sameSigning(state.signed, signed)) return [];
      throw ruleBroken(
        researchAgreementRefusals.alreadySigned,
        `Agreement ${signed.agreementId} is already signed with different details`,
      );
    }
    case 'AmendAgreement': {
      const { agreementId } = command.data;
      if (state.status === 'not-signed') throw agreementNotFound(agreementId);
      const amendment = amendmentFrom(command.data, state);
      if (state.lastAmendment && sameAmendment(state.lastAmendment, amendment)) return [];
      if (state.status !== 'active') throw agreementNotActive(agreementId, state.status);
      if (changesNothing(amendment, state))
        throw invalid(
          researchAgreementRefusals.amendmentEmpty,
          `The amendment of agreement ${agreementId} changes neither its end date nor its value and has no note`,
        );
      return [{ type: 'AgreementAmended', data: amendment }];
    }
    case 'TerminateAgreement': {
      const { agreementId, reason, terminatedOn } = command.data;
      if (state.status === 'not-signed') throw agreementNotFound(agreementId);
      const repeated =
        state.status === 'terminated' &&
        state.termination.reason === reason &&
        state.termination.terminatedOn === terminatedOn;
      if (repeated) return [];
      if (state.status !== 'active') throw agreementNotActive(agreementId, state.status);
      const { partnerId } = state;
      return [{ type: 'AgreementTerminated', data: { agreementId, partnerId, reason, terminatedOn } }];
    }
    case 'ExpireAgreement': {
      const { agreementId, asOf } = command.data;
      if (state.status === 'not-signed') throw agreementNotFound(agreementId);
      // A timer may fire twice: the second firing finds the agreement already expired.
      if (state.status === 'expired') return [];
      if (state.status !== 'active') throw agreementNotActive(agreementId, state.status);
      const { endDate, partnerId } = state;
      if (endDate === undefined || asOf < endDate)
        throw ruleBroken(
          researchAgreementRefusals.notEndedYet,
          endDate === undefined
            ? `Agreement ${agreementId} is open-ended`
            : `Agreement ${agreementId} runs until ${endDate}, not over on ${asOf}`,
          { endDate },
        );
      return [{ type: 'AgreementExpired', data: { agreementId, partnerId, endDate, asOf } }];
    }
  }
};

const evolve = (state: ResearchAgreementState, event: ResearchAgreementEvent): ResearchAgreementState => {
  switch (event.type) {
    case 'AgreementSigned': {
      const { agreementId: _agreementId, ...terms } = event.data;
      return { status: 'active', signed: event.data, ...terms, amendments: 0 };
    }
    case 'AgreementAmended':
      if (state.status === 'not-signed') return state;
      return {
        ...state,
        endDate: event.data.endDate ?? state.endDate,
        value: event.data.value ?? state.value,
        amendments: state.amendments + 1,
        lastAmendment: event.data,
      };
    case 'AgreementTerminated': {
      if (state.status !== 'active') return state;
      const { reason, terminatedOn } = event.data;
      return { ...state, status: 'terminated', termination: { reason, terminatedOn } };
    }
    case 'AgreementExpired':
      if (state.status !== 'active') return state;
      return { ...state, status: 'expired', expiredAsOf: event.data.asOf };
  }
};

export const researchAgreementDecider: Decider<
  ResearchAgreementCommand,
  ResearchAgreementEvent,
  ResearchAgreementState
> = { decide, evolve, initialState };

const agreementNotFound = (agreementId: string) =>
  notFound(researchAgreementRefusals.notFound, `Agreement ${agreementId} has not been signed`);

const agreementNotActive = (agreementId: string, status: 'terminated' | 'expired') =>
  ruleBroken(researchAgreementRefusals.notActive, `Agreement ${agreementId} is ${status}`, { status });

function assertEndNotBeforeStart(effectiveDate: string, endDate: string | undefined): void {
  if (endDate !== undefined && endDate < effectiveDate)
    throw invalid(
      researchAgreementRefusals.endBeforeStart,
      `An agreement effective on ${effectiveDate} cannot end on ${endDate}`,
    );
}

function valueFrom(value: Money | undefined): Money | undefined {
  const exact = value && money(value.amount, value.currency);
  if (exact && compareMoney(exact, zero(exact.currency)) < 0)
    throw invalid(researchAgreementRefusals.valueNegative, `An agreement cannot be worth ${exact.amount}`);
  return exact;
}

function agreementSignedFrom(data: AgreementSignedData): AgreementSignedData {
  assertEndNotBeforeStart(data.effectiveDate, data.endDate);
  const value = valueFrom(data.value);
  const investigator = data.principalInvestigator;
  return {
    agreementId: data.agreementId,
    partnerId: data.partnerId,
    kind: data.kind,
    title: data.title,
    ...(value === undefined ? {} : { value }),
    effectiveDate: data.effectiveDate,
    ...(data.endDate === undefined ? {} : { endDate: data.endDate }),
    ...(investigator === undefined
      ? {}
      : {
          principalInvestigator: {
            id: investigator.id,
            name: investigator.name,
            department: investigator.department,
          },
        }),
  };
}

function amendmentFrom(data: AmendAgreement['data'], agreement: SignedAgreement): AgreementAmendedData {
  const { agreementId, endDate, note, amendedOn } = data;
  const hasNote = note !== undefined && note.trim() !== '';
  if (endDate === undefined && data.value === undefined && !hasNote)
    throw invalid(
      researchAgreementRefusals.amendmentEmpty,
      `An amendment of agreement ${agreementId} needs a new end date, a new value or a note`,
    );
  assertEndNotBeforeStart(agreement.effectiveDate, endDate);
  const value = valueFrom(data.value);
  return {
    agreementId,
    partnerId: agreement.partnerId,
    ...(endDate === undefined ? {} : { endDate }),
    ...(value === undefined ? {} : { value }),
    ...(hasNote ? { note } : {}),
    amendedOn,
  };
}

const sameInvestigator = (a: PrincipalInvestigator | undefined, b: PrincipalInvestigator | undefined) =>
  a === undefined || b === undefined
    ? a === b
    : a.id === b.id && a.name === b.name && a.department === b.department;

const sameSigning = (recorded: AgreementSignedData, again: AgreementSignedData): boolean =>
  recorded.partnerId === again.partnerId &&
  recorded.kind === again.kind &&
  recorded.title === again.title &&
  sameMoney(recorded.value, again.value) &&
  recorded.effectiveDate === again.effectiveDate &&
  recorded.endDate === again.endDate &&
  sameInvestigator(recorded.principalInvestigator, again.principalInvestigator);

const sameAmendment = (recorded: AgreementAmendedData, again: AgreementAmendedData): boolean =>
  recorded.endDate === again.endDate &&
  sameMoney(recorded.value, again.value) &&
  recorded.note === again.note &&
  recorded.amendedOn === again.amendedOn;

const changesNothing = (amendment: AgreementAmendedData, agreement: SignedAgreement): boolean =>
  amendment.note === undefined &&
  (amendment.endDate === undefined || amendment.endDate === agreement.endDate) &&
  (amendment.value === undefined || sameMoney(amendment.value, agreement.value));
