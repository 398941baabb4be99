import type { CommandContext, DomainCommand, DomainEvent } from '@continuum/kernel';
import { Decide, type Aggregate } from '@continuum/platform';
import type { CampusEvent, CompanyReference } from '../contract';
import { lineAggregates } from './line-aggregates';

/** Something the event names that must already exist, else the event is a dead letter (`unknown-reference`). */
export interface RequiredReference {
  /** Stream that must hold events. */
  readonly stream: string;
  /** Where the event names it, e.g. `data.agreementId`. */
  readonly field: string;
  readonly description: string;
}

/** What one campus event asks of the write side, before its company is resolved to a partner. */
export interface Translation {
  readonly company?: CompanyReference;
  readonly references: readonly RequiredReference[];
  /** The commands, in order, for the resolved partner (undefined when the event names no company). */
  readonly commands: (partnerId: string | undefined, context: (step: string) => CommandContext) => Decide[];
}

/** The calendar day of an ISO timestamp (UTC): the date of an amendment or completion is when it happened. */
const dayOf = (time: string): string => time.slice(0, 10);

const A = lineAggregates;

const need = (partnerId: string | undefined): string => {
  if (partnerId === undefined) throw new Error('A company event was translated without its partner');
  return partnerId;
};

const withoutCompany = <Data extends { company: CompanyReference }>({
  company: _company,
  ...rest
}: Data): Omit<Data, 'company'> => rest;

/** An event that opens a line item for its company: one command, with the resolved partner in place of the company. */
function startsLineItem<C extends DomainCommand, E extends DomainEvent, S>(
  company: CompanyReference,
  aggregate: Aggregate<C, E, S>,
  id: string,
  command: (partnerId: string) => C,
): Translation {
  return {
    company,
    references: [],
    commands: (partnerId, context) => [
      Decide.on(aggregate, id, command(need(partnerId)), { ...context(''), startsStream: true }),
    ],
  };
}

/** The main command of an event is step ''; follow-ups get their own step so their event ids differ. */
export function translate(event: CampusEvent): Translation {
  const references: RequiredReference[] = [];
  switch (event.type) {
    case 'edu.university.research.agreement-signed.v1': {
      const data = event.data as CampusEvent<typeof event.type>['data'];
      return startsLineItem(data.company, A.researchAgreement, data.agreementId, (partnerId) => ({
        type: 'RecordAgreementSigned' as const,
        data: { ...withoutCompany(data), partnerId },
      }));
    }
    case 'edu.university.research.agreement-amended.v1': {
      const data = event.data as CampusEvent<typeof event.type>['data'];
      return {
        references: [agreementReference(data.agreementId)],
        commands: (_partnerId, context) => [
          Decide.on(
            A.researchAgreement,
            data.agreementId,
            { type: 'AmendAgreement', data: { ...data, amendedOn: dayOf(event.time) } },
            context(''),
          ),
        ],
      };
    }
    case 'edu.university.research.agreement-terminated.v1': {
      const data = event.data as CampusEvent<typeof event.type>['data'];
      return {
        references: [agreementReference(data.agreementId)],
        commands: (_partnerId, context) => [
          Decide.on(A.researchAgreement, data.agreementId, { type: 'TerminateAgreement', data }, context('')),
        ],
      };
    }
    case 'edu.university.careers.intern-placed.v1': {
      const data = event.data as CampusEvent<typeof event.type>['data'];
      return startsLineItem(data.company, A.placement, data.placementId, (partnerId) => ({
        type: 'RecordInternPlaced' as const,
        data: { ...withoutCompany(data), partnerId },
      }));
    }
    case 'edu.university.careers.placement-completed.v1': {
      const data = event.data as CampusEvent<typeof event.type>['data'];
      return {
        references: [
          {
            stream: A.placement.stream(data.placementId),
            field: 'data.placementId',
            description: `placement ${data.placementId}`,
          },
        ],
        commands: (_partnerId, context) => [
          Decide.on(
            A.placement,
            data.placementId,
            { type: 'RecordPlacementCompleted', data: { ...data, completedOn: dayOf(event.time) } },
            context(''),
          ),
        ],
      };
    }
    case 'edu.university.careers.recruiting-event-attended.v1': {
      const data = event.data as CampusEvent<typeof event.type>['data'];
      return startsLineItem(data.company, A.recruitingEvent, data.eventId, (partnerId) => ({
        type: 'RecordRecruitingEventAttended' as const,
        data: { ...withoutCompany(data), partnerId },
      }));
    }
    case 'edu.university.advancement.gift-received.v1': {
      const data = event.data as CampusEvent<typeof event.type>['data'];
      const { pledgeId } = data;
      const paysPledge = data.giftType === 'PLEDGE_PAYMENT' && pledgeId !== undefined;
      return {
        company: data.company,
        references: paysPledge
          ? [{ stream: A.pledge.stream(pledgeId), field: 'data.pledgeId', description: `pledge ${pledgeId}` }]
          : references,
        commands: (partnerId, context) => [
          Decide.on(
            A.gift,
            data.giftId,
            { type: 'RecordGiftReceived', data: { ...withoutCompany(data), partnerId: need(partnerId) } },
            { ...context(''), startsStream: true },
          ),
          ...(paysPledge
            ? [
                Decide.on(
                  A.pledge,
                  pledgeId,
                  {
                    type: 'ApplyPledgePayment',
                    data: { pledgeId, giftId: data.giftId, amount: data.amount, paidOn: data.receivedOn },
                  },
                  context('pledge-payment'),
                ),
              ]
            : []),
        ],
      };
    }
    case 'edu.university.advancement.pledge-made.v1': {
      const data = event.data as CampusEvent<typeof event.type>['data'];
      return startsLineItem(data.company, A.pledge, data.pledgeId, (partnerId) => ({
        type: 'RecordPledgeMade' as const,
        data: { ...withoutCompany(data), partnerId },
      }));
    }
    case 'edu.university.curriculum.advisory-seat-accepted.v1': {
      const data = event.data as CampusEvent<typeof event.type>['data'];
      return startsLineItem(data.company, A.advisoryBoard, data.boardId, (partnerId) => ({
        type: 'RecordAdvisorySeatAccepted' as const,
        data: { ...withoutCompany(data), partnerId },
      }));
    }
    case 'edu.university.curriculum.capstone-sponsored.v1': {
      const data = event.data as CampusEvent<typeof event.type>['data'];
      return startsLineItem(data.company, A.capstone, data.projectId, (partnerId) => ({
        type: 'RecordCapstoneSponsored' as const,
        data: { ...withoutCompany(data), partnerId },
      }));
    }
    case 'edu.university.workforce.training-contract-signed.v1': {
      const data = event.data as CampusEvent<typeof event.type>['data'];
      return startsLineItem(data.company, A.trainingContract, data.contractId, (partnerId) => ({
        type: 'RecordTrainingContractSigned' as const,
        data: { ...withoutCompany(data), partnerId },
      }));
    }
    case 'edu.university.tech-transfer.license-executed.v1': {
      const data = event.data as CampusEvent<typeof event.type>['data'];
      return startsLineItem(data.company, A.license, data.licenseId, (partnerId) => ({
        type: 'RecordLicenseExecuted' as const,
        data: { ...withoutCompany(data), partnerId },
      }));
    }
  }
}

const agreementReference = (agreementId: string): RequiredReference => ({
  stream: A.researchAgreement.stream(agreementId),
  field: 'data.agreementId',
  description: `agreement ${agreementId}`,
});
