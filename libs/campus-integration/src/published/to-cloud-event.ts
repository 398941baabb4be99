import type { RecordedEvent } from '@continuum/event-store';
import { CloudEvent, Kafka } from 'cloudevents';
import { toPublishedEvent, type PublishedEventType } from './published-events';

export interface CloudEventOptions {
  /** CloudEvent `source`, e.g. `/engagement`. */
  readonly source: string;
}

/** What goes onto the topic: key, structured-mode JSON value and its content-type header. */
export interface OutboundMessage {
  readonly eventId: string;
  readonly type: PublishedEventType;
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

// Business time when the event says when it happened, else when it was recorded.
function eventTime(event: RecordedEvent): string {
  const occurredAt = event.metadata.occurredAt;
  const parsed = typeof occurredAt === 'string' ? Date.parse(occurredAt) : Number.NaN;
  return Number.isNaN(parsed) ? event.recordedAt.toISOString() : new Date(parsed).toISOString();
}

/** The CloudEvent of a domain event, or undefined when its type is not published. */
export function toCloudEvent(
  event: RecordedEvent,
  options: CloudEventOptions,
): CloudEvent<Record<string, unknown>> | undefined {
  const published = toPublishedEvent(event);
  if (!published) return undefined;
  return new CloudEvent({
    // The domain event id: receivers deduplicate on it, and a republished event keeps it.
    id: event.id,
    type: published.type,
    source: options.source,
    subject: published.partnerId,
    time: eventTime(event),
    datacontenttype: 'application/json',
    partitionkey: published.partnerId,
    data: published.data,
  });
}

/** Structured-mode Kafka message keyed by partner id; undefined when the event is not published. */
export function toOutboundMessage(
  event: RecordedEvent,
  options: CloudEventOptions,
): OutboundMessage | undefined {
  const cloudEvent = toCloudEvent(event, options);
  if (!cloudEvent) return undefined;
  const message = Kafka.structured(cloudEvent);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers))
    if (value !== undefined) headers[name] = String(value);
  return {
    eventId: cloudEvent.id,
    type: cloudEvent.type as PublishedEventType,
    key: String(message.key),
    value: message.value,
    headers,
  };
}
