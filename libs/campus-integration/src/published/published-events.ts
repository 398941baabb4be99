import type { RecordedEvent } from '@continuum/event-store';
import { partnerTiers, type PartnerRegisteredData, type TierChanged } from '@continuum/partners';
import type { TaskAssignedData, TaskCompletedData, TaskEscalatedData } from '@continuum/tasks';
import { z } from 'zod';

/** Every published timestamp is UTC ISO 8601 with milliseconds, whatever spelling the domain accepted. */
const timestamp = z.iso.datetime().describe('UTC ISO 8601 timestamp');
const id = (what: string) => z.string().min(1).describe(what);
const tier = z.enum(partnerTiers).describe('Engagement tier of the partner');

const taskAssigned = z
  .strictObject({
    taskId: id('Task id'),
    partnerId: id('Partner id (also the message key and the CloudEvent subject)'),
    staffId: id('Staff member now responsible for the task'),
    assignedBy: id('Staff id, or the playbook that created the task'),
    assignedAt: timestamp,
    kind: z.string().describe("Short machine string, e.g. 'acknowledge-gift'"),
    title: z.string(),
    dueAt: timestamp,
  })
  .describe('A staff member became responsible for a task about a partner');

const taskCompleted = z
  .strictObject({
    taskId: id('Task id'),
    partnerId: id('Partner id'),
    outcome: z.string().describe('What came of the task, in the words of whoever completed it'),
    completedBy: id('Staff id'),
    completedAt: timestamp,
  })
  .describe('A task about a partner was completed');

const taskEscalated = z
  .strictObject({
    taskId: id('Task id'),
    partnerId: id('Partner id'),
    toStaffId: id('Manager who is told; the task stays with its assignee'),
    reason: z.string(),
    escalatedAt: timestamp,
    assignee: z
      .union([z.strictObject({ staffId: id('Staff id') }), z.strictObject({ team: id('Team queue') })])
      .describe('Who holds the task: a person or a team queue'),
    dueAt: timestamp,
  })
  .describe('An overdue or stuck task was escalated to a manager');

const partnerRegistered = z
  .strictObject({
    partnerId: id('Partner id'),
    name: z.string(),
    webDomain: z.string().optional().describe('Normalised web domain, e.g. acme.com'),
    industry: z.string().optional(),
    region: z.string().optional(),
    parentPartnerId: z.string().optional(),
    tier,
    registeredVia: z.enum(['staff', 'campus-system']),
  })
  .describe('A company or organisation became a known partner');

const partnerTierChanged = z
  .strictObject({
    partnerId: id('Partner id'),
    previousTier: tier,
    tier,
    reason: z.string(),
  })
  .describe("A partner's engagement tier changed");

/** The `data` of each published CloudEvent type: the versioned contract receivers rely on. */
export const publishedEventSchemas = {
  'edu.university.engagement.task-assigned.v1': taskAssigned,
  'edu.university.engagement.task-completed.v1': taskCompleted,
  'edu.university.engagement.task-escalated.v1': taskEscalated,
  'edu.university.engagement.partner-registered.v1': partnerRegistered,
  'edu.university.engagement.partner-tier-changed.v1': partnerTierChanged,
} as const;

export type PublishedEventType = keyof typeof publishedEventSchemas;
export type PublishedEventData<Type extends PublishedEventType> = z.output<
  (typeof publishedEventSchemas)[Type]
>;

const utc = (value: string): string => new Date(value).toISOString();

// Fields are picked one by one: a new internal field never leaks into the contract by accident.
const translations = {
  TaskAssigned: {
    type: 'edu.university.engagement.task-assigned.v1',
    data: (data: TaskAssignedData) => ({
      taskId: data.taskId,
      partnerId: data.partnerId,
      staffId: data.staffId,
      assignedBy: data.assignedBy,
      assignedAt: utc(data.assignedAt),
      kind: data.kind,
      title: data.title,
      dueAt: utc(data.dueAt),
    }),
  },
  TaskCompleted: {
    type: 'edu.university.engagement.task-completed.v1',
    data: (data: TaskCompletedData) => ({
      taskId: data.taskId,
      partnerId: data.partnerId,
      outcome: data.outcome,
      completedBy: data.completedBy,
      completedAt: utc(data.completedAt),
    }),
  },
  TaskEscalated: {
    type: 'edu.university.engagement.task-escalated.v1',
    data: (data: TaskEscalatedData) => ({
      taskId: data.taskId,
      partnerId: data.partnerId,
      toStaffId: data.toStaffId,
      reason: data.reason,
      escalatedAt: utc(data.escalatedAt),
      assignee:
        'staffId' in data.assignee ? { staffId: data.assignee.staffId } : { team: data.assignee.team },
      dueAt: utc(data.dueAt),
    }),
  },
  PartnerRegistered: {
    type: 'edu.university.engagement.partner-registered.v1',
    data: (data: PartnerRegisteredData) => ({
      partnerId: data.partnerId,
      name: data.name,
      ...(data.webDomain === undefined ? {} : { webDomain: data.webDomain }),
      ...(data.industry === undefined ? {} : { industry: data.industry }),
      ...(data.region === undefined ? {} : { region: data.region }),
      ...(data.parentPartnerId === undefined ? {} : { parentPartnerId: data.parentPartnerId }),
      tier: data.tier,
      registeredVia: data.registeredVia,
    }),
  },
  TierChanged: {
    type: 'edu.university.engagement.partner-tier-changed.v1',
    data: (data: TierChanged['data']) => ({
      partnerId: data.partnerId,
      previousTier: data.from,
      tier: data.to,
      reason: data.reason,
    }),
  },
} as const satisfies Record<string, { type: PublishedEventType; data: (data: never) => unknown }>;

/** Domain event types the publisher reads from the feed (the filter the store applies). */
export const publishedDomainEventTypes = Object.keys(translations) as readonly (keyof typeof translations)[];

/** Stream categories those events live in: `TierChanged` is only published for partners. */
export const publishedStreamCategories = ['partner', 'task'] as const;

export interface PublishedEvent {
  readonly type: PublishedEventType;
  readonly partnerId: string;
  readonly data: Record<string, unknown>;
}

/** A domain event that cannot be translated: a bug to fix, never a message to skip silently. */
export class UnpublishableEventError extends Error {
  constructor(
    readonly event: RecordedEvent,
    reason: string,
  ) {
    super(`Event ${event.id} (${event.type} at ${event.stream}) cannot be published: ${reason}`);
    this.name = 'UnpublishableEventError';
  }
}

const isPublished = (type: string): type is keyof typeof translations => Object.hasOwn(translations, type);

/** The published shape of a domain event, validated against its schema; undefined when not published. */
export function toPublishedEvent(event: RecordedEvent): PublishedEvent | undefined {
  if (!isPublished(event.type)) return undefined;
  const translation = translations[event.type];
  let candidate: unknown;
  try {
    candidate = translation.data(event.data as never);
  } catch (error) {
    throw new UnpublishableEventError(event, error instanceof Error ? error.message : String(error));
  }
  const parsed = publishedEventSchemas[translation.type].safeParse(candidate);
  if (!parsed.success) throw new UnpublishableEventError(event, z.prettifyError(parsed.error));
  const data = parsed.data as Record<string, unknown> & { partnerId: string };
  return { type: translation.type, partnerId: data.partnerId, data };
}
