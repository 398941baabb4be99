import type { EventStore, RecordedEvent } from '@continuum/event-store';
import { handleCommand } from '@continuum/kernel';
import { partnerDecider, partnerStream } from '@continuum/partners';
import { taskDecider, taskStream } from '@continuum/tasks';
import { randomUUID } from 'node:crypto';

export interface PartnerStory {
  readonly partnerId: string;
  readonly taskId: string;
  /** Every event the story recorded, in order: published and unpublished types alike. */
  readonly events: readonly RecordedEvent[];
}

export const publishedTypes = [
  'PartnerRegistered',
  'TierChanged',
  'TaskAssigned',
  'TaskEscalated',
  'TaskCompleted',
];

export const idsOf = (stories: readonly PartnerStory[], published: boolean): string[] =>
  stories.flatMap((story) =>
    story.events
      .filter((event) => publishedTypes.includes(event.type) === published)
      .map((event) => event.id),
  );

/**
 * Through the real deciders: a partner registered, renamed, moved up a tier, and a task about it
 * assigned, started, escalated and completed. Renamed, TaskCreated and TaskStarted are not published.
 */
export async function tellPartnerStory(store: EventStore, label = 'acme'): Promise<PartnerStory> {
  const partnerId = `${label}-${randomUUID().slice(0, 8)}`;
  const taskId = randomUUID();
  const partner = partnerStream(partnerId);
  const task = taskStream(taskId);
  const context = { metadata: { actor: 'alice', occurredAt: '2026-03-01T10:00:00+01:00' } };
  const now = '2026-03-01T09:00:00.000Z';
  await handleCommand(
    store,
    partnerDecider,
    partner,
    {
      type: 'RegisterPartner',
      data: {
        partnerId,
        name: 'Acme Robotics',
        webDomain: 'https://www.acme.example/',
        registeredVia: 'staff',
      },
    },
    context,
  );
  await handleCommand(
    store,
    partnerDecider,
    partner,
    {
      type: 'RenamePartner',
      data: { partnerId, name: 'Acme Robotics Ltd' },
    },
    context,
  );
  await handleCommand(
    store,
    partnerDecider,
    partner,
    {
      type: 'ChangeTier',
      data: { partnerId, tier: 'engaged', reason: 'Signed a research agreement' },
    },
    context,
  );
  await handleCommand(
    store,
    taskDecider,
    task,
    {
      type: 'CreateTask',
      data: {
        taskId,
        partnerId,
        kind: 'follow-up',
        title: 'Follow up on the agreement',
        dueAt: '2026-03-08T09:00:00Z',
        assignee: { staffId: 'bob' },
        origin: { createdBy: 'alice' },
        now,
      },
    },
    context,
  );
  await handleCommand(
    store,
    taskDecider,
    task,
    { type: 'StartTask', data: { taskId, by: 'bob', now } },
    context,
  );
  await handleCommand(
    store,
    taskDecider,
    task,
    {
      type: 'EscalateTask',
      data: { taskId, toStaffId: 'maria', reason: 'Overdue', now: '2026-03-09T09:00:00Z' },
    },
    context,
  );
  await handleCommand(
    store,
    taskDecider,
    task,
    {
      type: 'CompleteTask',
      data: { taskId, outcome: 'Meeting booked', by: 'bob', now: '2026-03-10T09:00:00Z' },
    },
    context,
  );
  const events = [...(await store.readStream(partner)), ...(await store.readStream(task))];
  return { partnerId, taskId, events };
}
