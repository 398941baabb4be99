import type { CampusEventType } from '../contract';

/** A CloudEvent as a campus system sends it (JSON), for tests and the benchmark. */
export interface RawCampusEvent {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: CampusEventType;
  readonly time: string;
  readonly datacontenttype?: string;
  readonly data: Record<string, unknown>;
}

export interface SampleCompany {
  readonly system: string;
  readonly id: string;
  readonly name: string;
  readonly domain?: string;
}

const sourceOf = (type: CampusEventType): string => `/campus/${type.split('.')[2] ?? ''}`;

/** One event of `type` about `company`; `ref` makes its line ids (and message id) unique. */
export function sampleEvent(
  type: CampusEventType,
  company: SampleCompany,
  ref: string,
  time = '2026-03-02T15:04:05Z',
): RawCampusEvent {
  const envelope = {
    specversion: '1.0' as const,
    id: `${type.split('.')[3] ?? 'event'}-${ref}`,
    source: sourceOf(type),
    type,
    time,
  };
  return { ...envelope, data: sampleData(type, company, ref) };
}

function sampleData(type: CampusEventType, company: SampleCompany, ref: string): Record<string, unknown> {
  switch (type) {
    case 'edu.university.research.agreement-signed.v1':
      return {
        agreementId: `AG-${ref}`,
        company,
        kind: 'SPONSORED_RESEARCH',
        title: 'Soft robotic grippers',
        value: { amount: '125000.00', currency: 'USD' },
        effectiveDate: '2026-01-15',
        endDate: '2027-01-14',
        principalInvestigator: { id: 'pi-17', name: 'Dr. Ada Okafor', department: 'Mechanical Engineering' },
      };
    case 'edu.university.research.agreement-amended.v1':
      return { agreementId: `AG-${ref}`, endDate: '2027-06-30', value: { amount: 150000, currency: 'USD' } };
    case 'edu.university.research.agreement-terminated.v1':
      return { agreementId: `AG-${ref}`, reason: 'Sponsor withdrew funding', terminatedOn: '2026-09-30' };
    case 'edu.university.careers.intern-placed.v1':
      return {
        placementId: `PL-${ref}`,
        company,
        studentRef: `stu-${ref}`,
        program: 'Summer Engineering Internship',
        role: 'Controls Engineering Intern',
        startDate: '2026-01-05',
        endDate: '2026-03-01',
      };
    case 'edu.university.careers.placement-completed.v1':
      return { placementId: `PL-${ref}`, outcome: 'COMPLETED', offeredFullTime: true };
    case 'edu.university.careers.recruiting-event-attended.v1':
      return {
        eventId: `RE-${ref}`,
        company,
        eventName: 'Spring Engineering Fair',
        date: '2026-02-20',
        recruiters: 3,
      };
    case 'edu.university.advancement.gift-received.v1':
      return {
        giftId: `G-${ref}`,
        company,
        amount: { amount: '25000.00', currency: 'USD' },
        giftType: 'PLEDGE_PAYMENT',
        designation: 'Robotics Lab Equipment Fund',
        receivedOn: '2026-03-02',
        pledgeId: `P-${ref}`,
      };
    case 'edu.university.advancement.pledge-made.v1':
      return {
        pledgeId: `P-${ref}`,
        company,
        amount: { amount: '100000.00', currency: 'USD' },
        designation: 'Robotics Lab Equipment Fund',
        madeOn: '2026-01-10',
        dueBy: '2029-01-10',
      };
    case 'edu.university.curriculum.advisory-seat-accepted.v1':
      return {
        boardId: `BRD-${ref}`,
        boardName: 'Mechatronics Industry Advisory Board',
        company,
        termStart: '2026-01-01',
        termEnd: '2028-12-31',
      };
    case 'edu.university.curriculum.capstone-sponsored.v1':
      return {
        projectId: `CAP-${ref}`,
        company,
        course: 'ME 495 Senior Design',
        term: '2026 Spring',
        value: { amount: '15000.00', currency: 'USD' },
      };
    case 'edu.university.workforce.training-contract-signed.v1':
      return {
        contractId: `TC-${ref}`,
        company,
        programName: 'Industrial Automation Certificate',
        seats: 12,
        value: { amount: '48000.00', currency: 'USD' },
        startDate: '2026-02-01',
        endDate: '2026-12-15',
      };
    case 'edu.university.tech-transfer.license-executed.v1':
      return {
        licenseId: `LIC-${ref}`,
        company,
        technology: 'Variable-stiffness gripper patent family',
        licenseType: 'NON_EXCLUSIVE',
        upfrontFee: { amount: '20000.00', currency: 'USD' },
        executedOn: '2026-02-27',
      };
  }
}

/** Every contract type once, in an order that works: each follow-up after what it names. */
export const allTypesInOrder: readonly CampusEventType[] = [
  'edu.university.research.agreement-signed.v1',
  'edu.university.research.agreement-amended.v1',
  'edu.university.research.agreement-terminated.v1',
  'edu.university.careers.intern-placed.v1',
  'edu.university.careers.placement-completed.v1',
  'edu.university.careers.recruiting-event-attended.v1',
  'edu.university.advancement.pledge-made.v1',
  'edu.university.advancement.gift-received.v1',
  'edu.university.curriculum.advisory-seat-accepted.v1',
  'edu.university.curriculum.capstone-sponsored.v1',
  'edu.university.workforce.training-contract-signed.v1',
  'edu.university.tech-transfer.license-executed.v1',
];

/** The contract's Kafka message key: the company's `system:id`, else the line's own id. */
export function kafkaKeyOf(event: RawCampusEvent): string {
  const company = event.data.company as SampleCompany | undefined;
  if (company) return `${company.system}:${company.id}`;
  const lineId = event.data.agreementId ?? event.data.placementId;
  return typeof lineId === 'string' ? lineId : event.id;
}

/** Kafka topic of an event's source under the contract's naming. */
export const topicOf = (event: RawCampusEvent, prefix = 'campus'): string =>
  `${prefix}.${event.source.split('/')[2] ?? ''}.events`;
