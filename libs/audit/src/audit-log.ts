import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent } from '@continuum/event-store';

/** Stream category of the audit log: never part of a partner's own history. */
export const AUDIT_LOG_CATEGORY = 'auditlog';

/** Who looked at a partner's record (or at the store's integrity) is itself recorded, in its own stream. */
export const auditLogStream = (partnerId: string | undefined): string =>
  `${AUDIT_LOG_CATEGORY}-${partnerId ?? 'store'}`;

export type AuditQuery =
  | 'history'
  | 'history-export'
  | 'state'
  | 'state-diff'
  | 'verify-stream'
  | 'verify-store'
  | 'verify-projections'
  /** Not a read: the one-off sealing of events written before the hash chain existed. */
  | 'seal-store';

export interface AuditRecordViewedData {
  readonly query: AuditQuery;
  /** The partner looked at; absent for store-wide checks. */
  readonly partnerId?: string;
  readonly stream?: string;
  readonly viewer: string;
  readonly roles: readonly string[];
  /** The query's parameters as given (filters, as-of times, basis). */
  readonly parameters: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly viewedAt: string;
}

export type AuditRecordViewed = NewEvent<'AuditRecordViewed', AuditRecordViewedData>;

/** Appends the read to the partner's audit-log stream before the answer is sent: no answer goes unrecorded. */
export async function recordAuditRead(
  store: EventStore,
  read: Omit<AuditRecordViewedData, 'viewedAt'>,
  context: { correlationId?: string; now?: Date } = {},
): Promise<void> {
  const viewedAt = (context.now ?? new Date()).toISOString();
  const parameters = Object.fromEntries(Object.entries(read.parameters).filter(([, v]) => v !== undefined));
  const event: AuditRecordViewed = {
    id: randomUUID(),
    type: 'AuditRecordViewed',
    data: { ...read, parameters, viewedAt },
    metadata: {
      actor: read.viewer,
      sourceSystem: 'continuum-audit',
      occurredAt: viewedAt,
      ...(context.correlationId ? { correlationId: context.correlationId } : {}),
    },
  };
  await store.append(auditLogStream(read.partnerId ?? read.stream), [event], 'any');
}
