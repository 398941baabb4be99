import { CloudEvent, ValidationError } from 'cloudevents';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  campusEventDataSchemas,
  isCampusEventType,
  type CampusEventData,
  type CampusEventType,
} from './campus-event-data';

/** Why a message cannot be applied: the `error.reason` of a dead letter. */
export const deadLetterReasons = [
  'not-json',
  'invalid-cloudevent',
  'unknown-type',
  'invalid-data',
  'conflicting-duplicate',
  'unknown-reference',
  'refused',
] as const;
export type DeadLetterReason = (typeof deadLetterReasons)[number];

/** One bad field: `data.amount.currency`, `time`, ... */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

/** A message refused for good: retrying it as is cannot succeed. */
export class CampusEventRejected extends Error {
  constructor(
    readonly reason: DeadLetterReason,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'CampusEventRejected';
  }
}

/** A validated campus event: envelope attributes plus its typed `data`. */
export interface CampusEvent<T extends CampusEventType = CampusEventType> {
  readonly id: string;
  readonly source: string;
  readonly type: T;
  /** Business time, normalised to ISO 8601 UTC. */
  readonly time: string;
  readonly subject?: string;
  /** The sender's correlation id (extension `correlationid`), when it sent one. */
  readonly correlationId?: string;
  readonly data: CampusEventData[T];
  /** sha256 of the event as received (attributes and raw data): the inbox compares redeliveries with it. */
  readonly contentHash: string;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export const cloudEventEnvelopeSchema = z
  .object({
    specversion: z.literal('1.0'),
    id: z.string().min(1),
    source: z.string().min(1),
    type: z.string().min(1),
    time: z
      .string()
      .regex(RFC3339, 'must be an RFC 3339 timestamp')
      .refine((time) => !Number.isNaN(Date.parse(time)), 'is not a real time'),
    datacontenttype: z
      .string()
      .regex(/^application\/json(;.*)?$/, 'must be application/json')
      .optional(),
    subject: z.string().optional(),
    correlationid: z.string().optional(),
    data: z.unknown(),
  })
  .describe('CloudEvents 1.0 envelope, JSON');

const issuesOf = (error: z.ZodError, prefix = ''): FieldIssue[] =>
  error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter((part) => part.length > 0).join('.') || '(root)',
    message: issue.message,
  }));

/** Sorted keys, so the same event hashes the same whichever way it was serialised. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

export interface CampusEventOptions {
  /** Accepted `source` values (config CAMPUS_SOURCES). */
  readonly sources: readonly string[];
}

/**
 * Checks one CloudEvent (already parsed from JSON, numbers kept exact) against the contract: the
 * envelope (also through the cloudevents SDK's own validation), the `type`, then its `data`.
 */
export function toCampusEvent(raw: unknown, options: CampusEventOptions): CampusEvent {
  const envelope = cloudEventEnvelopeSchema.safeParse(raw);
  if (!envelope.success) {
    const issues = issuesOf(envelope.error);
    throw new CampusEventRejected('invalid-cloudevent', describe('Not a valid CloudEvent', issues), issues);
  }
  assertSdkValid(raw as Record<string, unknown>);
  const { id, source, type, time, subject, correlationid, data } = envelope.data;
  if (!options.sources.includes(source))
    throw new CampusEventRejected('invalid-cloudevent', `Unknown source "${source}"`, [
      { field: 'source', message: `must be one of ${options.sources.join(', ')}` },
    ]);
  if (!isCampusEventType(type))
    throw new CampusEventRejected('unknown-type', `Unknown event type "${type}"`, [
      { field: 'type', message: 'is not a type of the campus contract' },
    ]);
  const parsed = campusEventDataSchemas[type].safeParse(data);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error, 'data');
    throw new CampusEventRejected('invalid-data', describe(`Invalid data for ${type}`, issues), issues);
  }
  const normalisedTime = new Date(time).toISOString();
  // datacontenttype is left out: JSON is the only one, whether said (binary mode) or not.
  const contentHash = createHash('sha256')
    .update(canonicalJson({ id, source, type, time: normalisedTime, subject, data }))
    .digest('hex');
  return {
    id,
    source,
    type,
    time: normalisedTime,
    ...(subject === undefined ? {} : { subject }),
    ...(correlationid === undefined ? {} : { correlationId: correlationid }),
    data: parsed.data,
    contentHash,
  };
}

function assertSdkValid(raw: Record<string, unknown>): void {
  try {
    new CloudEvent(raw, false).validate();
  } catch (error) {
    const errors = error instanceof ValidationError ? (error.errors ?? []) : [];
    const detail = errors.map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry)));
    throw new CampusEventRejected(
      'invalid-cloudevent',
      `Not a valid CloudEvent: ${[(error as Error).message, ...detail].join('; ')}`,
    );
  }
}

const describe = (what: string, issues: readonly FieldIssue[]): string =>
  `${what}: ${issues.map((issue) => `${issue.field} ${issue.message}`).join('; ')}`;
