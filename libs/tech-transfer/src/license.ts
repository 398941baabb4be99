import {
  compareMoney,
  invalid,
  money,
  notFound,
  ruleBroken,
  zero,
  type Decider,
  type DomainCommand,
  type DomainEvent,
  type Money,
  sameMoney,
} from '@continuum/kernel';

/** The contract's `licenseType` enum (edu.university.tech-transfer.license-executed.v1). */
export const licenseTypes = ['EXCLUSIVE', 'NON_EXCLUSIVE', 'OPTION'] as const;
export type LicenseType = (typeof licenseTypes)[number];

export const licenseRefusals = {
  notFound: 'license-not-found',
  alreadyRecorded: 'license-already-recorded',
  alreadyTerminated: 'license-already-terminated',
  terminatedBeforeExecution: 'license-terminated-before-execution',
  upfrontFeeNegative: 'license-upfront-fee-negative',
} as const;

export interface LicenseExecutedData {
  readonly licenseId: string;
  readonly partnerId: string;
  readonly technology: string;
  readonly licenseType: LicenseType;
  readonly upfrontFee?: Money;
  /** YYYY-MM-DD */
  readonly executedOn: string;
}

export interface LicenseTerminatedData {
  readonly licenseId: string;
  readonly partnerId: string;
  readonly reason: string;
  /** YYYY-MM-DD */
  readonly terminatedOn: string;
}

export type LicenseExecuted = DomainEvent<'LicenseExecuted', LicenseExecutedData>;
export type LicenseTerminated = DomainEvent<'LicenseTerminated', LicenseTerminatedData>;
export type LicenseEvent = LicenseExecuted | LicenseTerminated;

export const licenseEventTypes = [
  'LicenseExecuted',
  'LicenseTerminated',
] as const satisfies readonly LicenseEvent['type'][];

export type RecordLicenseExecuted = DomainCommand<'RecordLicenseExecuted', LicenseExecutedData>;
export type TerminateLicense = DomainCommand<
  'TerminateLicense',
  { readonly licenseId: string; readonly reason: string; readonly terminatedOn: string }
>;
export type LicenseCommand = RecordLicenseExecuted | TerminateLicense;

export type LicenseState =
  | { readonly status: 'unrecorded' }
  | { readonly status: 'executed'; readonly license: LicenseExecutedData }
  | {
      readonly status: 'terminated';
      readonly license: LicenseExecutedData;
      readonly termination: LicenseTerminatedData;
    };

export const licenseStream = (licenseId: string): string => `license-${licenseId}`;

const initialState = (): LicenseState => ({ status: 'unrecorded' });

const decide = (command: LicenseCommand, state: LicenseState): LicenseEvent[] => {
  switch (command.type) {
    case 'RecordLicenseExecuted': {
      const executed = licenseExecutedFrom(command.data);
      if (state.status === 'unrecorded') return [{ type: 'LicenseExecuted', data: executed }];
      if (sameLicense(state.license, executed)) return [];
      throw ruleBroken(
        licenseRefusals.alreadyRecorded,
        `License ${executed.licenseId} is already recorded with different details`,
      );
    }
    case 'TerminateLicense': {
      const { licenseId, reason, terminatedOn } = command.data;
      if (state.status === 'unrecorded')
        throw notFound(licenseRefusals.notFound, `License ${licenseId} has not been recorded`);
      if (state.status === 'terminated') {
        const { termination } = state;
        if (termination.reason === reason && termination.terminatedOn === terminatedOn) return [];
        throw ruleBroken(
          licenseRefusals.alreadyTerminated,
          `License ${licenseId} was already terminated on ${termination.terminatedOn}`,
        );
      }
      if (terminatedOn < state.license.executedOn)
        throw invalid(
          licenseRefusals.terminatedBeforeExecution,
          `A license executed on ${state.license.executedOn} cannot end on ${terminatedOn}`,
        );
      const { partnerId } = state.license;
      return [{ type: 'LicenseTerminated', data: { licenseId, partnerId, reason, terminatedOn } }];
    }
  }
};

const evolve = (state: LicenseState, event: LicenseEvent): LicenseState => {
  switch (event.type) {
    case 'LicenseExecuted':
      return { status: 'executed', license: event.data };
    case 'LicenseTerminated':
      if (state.status === 'unrecorded') return state;
      return { status: 'terminated', license: state.license, termination: event.data };
  }
};

export const licenseDecider: Decider<LicenseCommand, LicenseEvent, LicenseState> = {
  decide,
  evolve,
  initialState,
};

function licenseExecutedFrom(data: LicenseExecutedData): LicenseExecutedData {
  const upfrontFee = data.upfrontFee && money(data.upfrontFee.amount, data.upfrontFee.currency);
  if (upfrontFee && compareMoney(upfrontFee, zero(upfrontFee.currency)) < 0)
    throw invalid(licenseRefusals.upfrontFeeNegative, `An upfront fee cannot be ${upfrontFee.amount}`);
  return {
    licenseId: data.licenseId,
    partnerId: data.partnerId,
    technology: data.technology,
    licenseType: data.licenseType,
    ...(upfrontFee === undefined ? {} : { upfrontFee }),
    executedOn: data.executedOn,
  };
}

const sameLicense = (recorded: LicenseExecutedData, again: LicenseExecutedData): boolean =>
  recorded.partnerId === again.partnerId &&
  recorded.technology === again.technology &&
  recorded.licenseType === again.licenseType &&
  sameMoney(recorded.upfrontFee, again.upfrontFee) &&
  recorded.executedOn === again.executedOn;
