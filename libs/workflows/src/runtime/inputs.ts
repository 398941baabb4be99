import type { RecordedEvent } from '@continuum/event-store';
import type { PlaybookEvent, PlaybookInput } from '../playbook';

/** One input bound for one playbook instance, with what the commands it causes will carry. */
export interface PendingInput {
  readonly instanceId: string;
  readonly input: PlaybookInput;
  /** The event id or timer id: causation of every command, part of every id derived from it. */
  readonly inputId: string;
  readonly correlationId: string;
  /** Set when this input comes back from `workflows.failures` for another attempt. */
  readonly failure?: { readonly seq: string; readonly attempts: number };
}

/** What a playbook sees of a recorded event. */
export function playbookEventOf(event: RecordedEvent): PlaybookEvent {
  const occurredAt = event.metadata.occurredAt;
  return {
    id: event.id,
    type: event.type,
    data: (event.data ?? {}) as Record<string, unknown>,
    stream: event.stream,
    occurredAt: typeof occurredAt === 'string' ? occurredAt : event.recordedAt.toISOString(),
    recordedAt: event.recordedAt.toISOString(),
  };
}

export const eventInput = (event: RecordedEvent, instanceId: string): PendingInput => ({
  instanceId,
  input: { type: 'Event', event: playbookEventOf(event) },
  inputId: event.id,
  correlationId: typeof event.metadata.correlationId === 'string' ? event.metadata.correlationId : event.id,
});
