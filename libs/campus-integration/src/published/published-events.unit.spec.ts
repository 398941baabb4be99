import type { RecordedEvent } from '@continuum/event-store';
import type { PartnerRegisteredData } from '@continuum/partners';
import type { TaskAssignedData, TaskEscalatedData } from '@continuum/tasks';
import {
  publishedDomainEventTypes,
  publishedEventSchemas,
  toPublishedEvent,
  UnpublishableEventError,
} from './published-events';
import { toOutboundMessage } from './to-cloud-event';

let position = 0n;
function recorded(type: string, data: object, metadata: Record<string, unknown> = {}): RecordedEvent {
  position += 1n;
  return {
    id: `00000000-0000-4000-8000-${position.toString().padStart(12, '0')}`,
    type,
    data,
    metadata,
    stream: type.startsWith('Task') ? 'task-t1' : 'partner-p1',
    revision: 0,
    position: { commit: position, prepare: position },
    recordedAt: new Date('2026-03-02T09:00:00.000Z'),
  };
}

const assigned: TaskAssignedData = {
  taskId: 't1',
  partnerId: 'p1',
  staffId: 's1',
  assignedBy: 'gift-acknowledgement',
  assignedAt: '2026-03-01T10:00+01:00',
  kind: 'acknowledge-gift',
  title: 'Thank Acme for the gift',
  dueAt: '2026-03-08T10:00:00Z',
};

describe('Published event shapes', () => {
  it('publishes a task assignment with exactly the contract fields, timestamps in UTC', () => {
    const withInternalField = { ...assigned, internalNote: 'never leaves the building' };
    expect(toPublishedEvent(recorded('TaskAssigned', withInternalField))).toEqual({
      type: 'edu.university.engagement.task-assigned.v1',
      partnerId: 'p1',
      data: { ...assigned, assignedAt: '2026-03-01T09:00:00.000Z', dueAt: '2026-03-08T10:00:00.000Z' },
    });
  });

  it('publishes a tier change as previous tier and tier', () => {
    const event = recorded('TierChanged', {
      partnerId: 'p1',
      from: 'prospect',
      to: 'partner',
      reason: 'MoU',
    });
    expect(toPublishedEvent(event)).toEqual({
      type: 'edu.university.engagement.partner-tier-changed.v1',
      partnerId: 'p1',
      data: { partnerId: 'p1', previousTier: 'prospect', tier: 'partner', reason: 'MoU' },
    });
  });

  it('leaves optional partner fields out rather than null', () => {
    const registered: PartnerRegisteredData = {
      partnerId: 'p1',
      name: 'Acme',
      webDomain: 'acme.com',
      tier: 'prospect',
      registeredVia: 'campus-system',
    };
    expect(toPublishedEvent(recorded('PartnerRegistered', registered))?.data).toEqual(registered);
  });

  it('publishes an escalation of a team-queue task with the team as assignee', () => {
    const escalated: TaskEscalatedData = {
      taskId: 't1',
      partnerId: 'p1',
      toStaffId: 'm1',
      reason: 'overdue',
      escalatedAt: '2026-03-09T10:00:00.000Z',
      assignee: { team: 'corporate-relations' },
      dueAt: '2026-03-08T10:00:00.000Z',
    };
    expect(toPublishedEvent(recorded('TaskEscalated', escalated))?.data).toEqual(escalated);
  });

  it('publishes nothing for other domain events', () => {
    expect(
      toPublishedEvent(recorded('PartnerRenamed', { partnerId: 'p1', name: 'A', previousName: 'B' })),
    ).toBe(undefined);
    expect(toPublishedEvent(recorded('TaskCreated', { taskId: 't1', partnerId: 'p1' }))).toBe(undefined);
  });

  it('refuses an event whose data breaks the published schema, naming the event', () => {
    const broken = recorded('TaskCompleted', { taskId: 't1', partnerId: 'p1', completedBy: 's1' });
    expect(() => toPublishedEvent(broken)).toThrow(UnpublishableEventError);
    expect(() => toPublishedEvent(broken)).toThrow(broken.id);
  });

  it('has one schema per published domain event type', () => {
    expect(publishedDomainEventTypes).toHaveLength(Object.keys(publishedEventSchemas).length);
  });
});

describe('Outbound CloudEvent message', () => {
  it('is structured-mode JSON keyed by partner id, with the domain event id and business time', () => {
    const event = recorded('TaskAssigned', assigned, { occurredAt: '2026-03-01T10:00:00+01:00' });
    const message = toOutboundMessage(event, { source: '/engagement' });
    expect(message).toMatchObject({ eventId: event.id, key: 'p1' });
    expect(message?.headers['content-type']).toMatch(/^application\/cloudevents\+json/);
    expect(JSON.parse(message?.value ?? '{}')).toMatchObject({
      specversion: '1.0',
      id: event.id,
      type: 'edu.university.engagement.task-assigned.v1',
      source: '/engagement',
      subject: 'p1',
      time: '2026-03-01T09:00:00.000Z',
      datacontenttype: 'application/json',
      data: { taskId: 't1', staffId: 's1' },
    });
  });

  it('falls back to the recorded time when the event has no business time', () => {
    const event = recorded('TaskAssigned', assigned);
    const value = JSON.parse(toOutboundMessage(event, { source: '/engagement' })?.value ?? '{}') as {
      time: string;
    };
    expect(value.time).toBe('2026-03-02T09:00:00.000Z');
  });
});
