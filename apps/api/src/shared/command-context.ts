import type { CommandContext } from '@continuum/kernel';
import type { Principal } from '@continuum/http';
import { currentCorrelationId } from '@continuum/platform';
import { randomUUID } from 'node:crypto';

/** Stamps every event with who asked, under which request, and when it happened in the world. */
export function commandContext(
  principal: Principal,
  options: { expectedRevision?: number; occurredAt?: string } = {},
): CommandContext {
  const correlationId = currentCorrelationId() ?? randomUUID();
  return {
    expectedRevision: options.expectedRevision,
    metadata: {
      correlationId,
      causationId: correlationId,
      actor: principal.subject,
      sourceSystem: 'continuum-api',
      occurredAt: options.occurredAt ?? new Date().toISOString(),
    },
  };
}
