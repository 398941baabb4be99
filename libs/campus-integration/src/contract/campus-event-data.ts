import { agreementKinds } from '@continuum/research';
import { placementOutcomes } from '@continuum/careers';
import { giftTypes } from '@continuum/advancement';
import { licenseTypes } from '@continuum/tech-transfer';
import { normaliseWebDomain } from '@continuum/partners';
import { money as exactMoney, type Money } from '@continuum/kernel';
import { z } from 'zod';

const DECIMAL = /^-?\d{1,15}(\.\d{1,4})?$/;

/** `YYYY-MM-DD` that names a real day. */
export const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((text) => new Date(`${text}T00:00:00Z`).toISOString().startsWith(text), 'is not a real date')
  .describe('A date without time, YYYY-MM-DD');

const text = z.string().trim().min(1, 'must not be empty');
const lineId = text.max(200);

/** Decimal string, or a JSON number (kept as its decimal text when a double would change it). */
export const moneySchema = z
  .object({
    amount: z.union([
      z.string().regex(DECIMAL, 'must be a decimal amount like "25000.00"'),
      z.number().refine(Number.isFinite, 'must be a finite amount'),
    ]),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like USD'),
  })
  .transform(({ amount, currency }, context): Money => {
    try {
      return exactMoney(amount, currency);
    } catch (error) {
      context.addIssue({ code: 'custom', path: ['amount'], message: (error as Error).message });
      return z.NEVER;
    }
  })
  .describe('Money: amount as a decimal string (a JSON number is accepted) and an ISO 4217 currency');

export const companyReferenceSchema = z
  .object({
    system: text.describe("The emitting system's name for its own records, e.g. advancement"),
    id: text.describe("The emitting system's own key for the company"),
    name: text,
    domain: z
      .string()
      .trim()
      .min(1)
      .refine((domain) => normaliseWebDomain(domain) !== undefined, 'is not a web domain')
      .optional()
      .describe("The company's web domain, e.g. acmerobotics.com"),
  })
  .describe('A company as the emitting system knows it; resolved to one partner');

// Deliberately simple, as in the careers domain: an email has '@', a "First Last" name has a space.
const studentRef = text.refine(
  (ref) => !ref.includes('@') && !/\s/.test(ref),
  'must be a pseudonymous id, never a name, email or student number',
);

export const agreementSignedData = z.object({
  agreementId: lineId,
  company: companyReferenceSchema,
  kind: z.enum(agreementKinds),
  title: text,
  value: moneySchema.optional(),
  effectiveDate: day,
  endDate: day.optional(),
  principalInvestigator: z.object({ id: text, name: text, department: text }).optional(),
});
export const agreementAmendedData = z.object({
  agreementId: lineId,
  endDate: day.optional(),
  value: moneySchema.optional(),
  note: z.string().optional(),
});
export const agreementTerminatedData = z.object({ agreementId: lineId, reason: text, terminatedOn: day });
export const internPlacedData = z.object({
  placementId: lineId,
  company: companyReferenceSchema,
  studentRef,
  program: text,
  role: text,
  startDate: day,
  endDate: day,
});
export const placementCompletedData = z.object({
  placementId: lineId,
  outcome: z.enum(placementOutcomes),
  offeredFullTime: z.boolean().optional(),
});
export const recruitingEventAttendedData = z.object({
  eventId: lineId,
  company: companyReferenceSchema,
  eventName: text,
  date: day,
  recruiters: z.number().int().min(0).optional(),
});
export const giftReceivedData = z.object({
  giftId: lineId,
  company: companyReferenceSchema,
  amount: moneySchema,
  giftType: z.enum(giftTypes),
  designation: text,
  receivedOn: day,
  pledgeId: lineId.optional(),
});
export const pledgeMadeData = z.object({
  pledgeId: lineId,
  company: companyReferenceSchema,
  amount: moneySchema,
  designation: text,
  madeOn: day,
  dueBy: day.optional(),
});
export const advisorySeatAcceptedData = z.object({
  boardId: lineId,
  boardName: text,
  company: companyReferenceSchema,
  termStart: day,
  termEnd: day.optional(),
});
export const capstoneSponsoredData = z.object({
  projectId: lineId,
  company: companyReferenceSchema,
  course: text,
  term: text,
  value: moneySchema.optional(),
});
export const trainingContractSignedData = z.object({
  contractId: lineId,
  company: companyReferenceSchema,
  programName: text,
  seats: z.number().int().min(1),
  value: moneySchema.optional(),
  startDate: day,
  endDate: day.optional(),
});
export const licenseExecutedData = z.object({
  licenseId: lineId,
  company: companyReferenceSchema,
  technology: text,
  licenseType: z.enum(licenseTypes),
  upfrontFee: moneySchema.optional(),
  executedOn: day,
});

/** Every `type` of the contract, v1, with the schema of its `data`. */
export const campusEventDataSchemas = {
  'edu.university.research.agreement-signed.v1': agreementSignedData,
  'edu.university.research.agreement-amended.v1': agreementAmendedData,
  'edu.university.research.agreement-terminated.v1': agreementTerminatedData,
  'edu.university.careers.intern-placed.v1': internPlacedData,
  'edu.university.careers.placement-completed.v1': placementCompletedData,
  'edu.university.careers.recruiting-event-attended.v1': recruitingEventAttendedData,
  'edu.university.advancement.gift-received.v1': giftReceivedData,
  'edu.university.advancement.pledge-made.v1': pledgeMadeData,
  'edu.university.curriculum.advisory-seat-accepted.v1': advisorySeatAcceptedData,
  'edu.university.curriculum.capstone-sponsored.v1': capstoneSponsoredData,
  'edu.university.workforce.training-contract-signed.v1': trainingContractSignedData,
  'edu.university.tech-transfer.license-executed.v1': licenseExecutedData,
} as const;

export type CampusEventType = keyof typeof campusEventDataSchemas;
export type CampusEventData = { [T in CampusEventType]: z.output<(typeof campusEventDataSchemas)[T]> };
export type CompanyReference = z.output<typeof companyReferenceSchema>;

export const campusEventTypes = Object.keys(campusEventDataSchemas) as CampusEventType[];

export const isCampusEventType = (type: string): type is CampusEventType =>
  Object.hasOwn(campusEventDataSchemas, type);
