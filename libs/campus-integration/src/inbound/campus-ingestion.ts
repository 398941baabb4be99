import { EventIdReusedError, type EventStore } from '@continuum/event-store';
import { DomainError, type CommandContext, type StreamStateCache } from '@continuum/kernel';
import { CampusEventRejected, type CampusEvent, type FieldIssue } from '../contract';
import type { CampusInbox, InboxSession } from '../storage/campus-inbox';
import { CompanyResolver, type CommandDispatcher, type PartnerDirectory } from './company-resolution';
import { translate, type RequiredReference } from './translation';

export type IngestOutcome =
  { readonly status: 'applied'; readonly partnerId?: string } | { readonly status: 'duplicate' };

export interface IngestOptions {
  /** The caller's correlation id (an HTTP request's); else the event's own `correlationid`, else its id. */
  readonly correlationId?: string;
  /** A Kafka batch's buffered inbox; the inbox table itself when absent. */
  readonly inbox?: InboxSession;
}

/** An event of a batch that cannot be applied, and why. */
export interface BatchIssue extends FieldIssue {
  readonly index: number;
  readonly id?: string;
  readonly reason: CampusEventRejected['reason'];
}

/** `${source}|${id}`: the contract's idempotency key, and the seed of every event id the message causes. */
export const idempotencyKeyOf = (event: Pick<CampusEvent, 'source' | 'id'>): string =>
  `${event.source}|${event.id}`;

/** A refusal that no retry can change, as a dead-letter reason; undefined for a passing failure. */
export function rejectionOf(error: unknown): CampusEventRejected | undefined {
  if (error instanceof CampusEventRejected) return error;
  if (error instanceof EventIdReusedError)
    return new CampusEventRejected('conflicting-duplicate', error.message);
  if (error instanceof DomainError)
    return new CampusEventRejected(
      error.kind === 'not_found' ? 'unknown-reference' : 'refused',
      `${error.code}: ${error.message}`,
    );
  return undefined;
}

/**
 * Applies campus events exactly once in effect. Order: look (source, id) up in the inbox, append the
 * effects with event ids derived from (source, id), record the inbox row with the content hash, and only
 * then commit the Kafka offset: a crash anywhere redelivers into the same event ids, appending nothing.
 */
export class CampusIngestion {
  private readonly resolver: CompanyResolver;

  constructor(
    private readonly store: EventStore,
    private readonly commands: CommandDispatcher,
    directory: PartnerDirectory,
    private readonly inbox: CampusInbox,
    /** A merge is followed by this process within this long (DEFAULT_PARTNER_CHANGES_CHECK_MS). */
    partnerChangesCheckMs?: number,
    /** The process's command cache, told what resolution reads so the commands after it need not read again. */
    private readonly streams?: StreamStateCache,
  ) {
    this.resolver = new CompanyResolver(store, commands, directory, partnerChangesCheckMs, streams);
  }

  async ingest(event: CampusEvent, options: IngestOptions = {}): Promise<IngestOutcome> {
    const inbox = options.inbox ?? this.inbox;
    const known = await inbox.find(event.source, event.id);
    if (known && known.contentHash !== event.contentHash) throw conflictingDuplicate(event);
    if (known?.status === 'applied') return { status: 'duplicate' };
    // New, or dead-lettered before (a replay): apply, into the event ids (source, id) gives.
    const entry = {
      source: event.source,
      eventId: event.id,
      contentHash: event.contentHash,
      eventType: event.type,
    };
    try {
      const partnerId = await this.apply(event, options);
      await inbox.recordApplied(entry, partnerId);
      return partnerId === undefined ? { status: 'applied' } : { status: 'applied', partnerId };
    } catch (error) {
      const rejection = rejectionOf(error);
      if (rejection) await inbox.recordDeadLettered(entry);
      throw rejection ?? error;
    }
  }

  /** Everything that would dead-letter a batch's events, found before any of them is applied. */
  async precheck(events: readonly CampusEvent[]): Promise<BatchIssue[]> {
    const issues: BatchIssue[] = [];
    const seen = new Map<string, string>();
    const createdEarlier = new Set<string>();
    for (const [index, event] of events.entries()) {
      const key = idempotencyKeyOf(event);
      const earlierHash = seen.get(key) ?? (await this.inbox.find(event.source, event.id))?.contentHash;
      if (earlierHash !== undefined && earlierHash !== event.contentHash)
        issues.push({ index, id: event.id, reason: 'conflicting-duplicate', ...conflictIssue(event) });
      seen.set(key, event.contentHash);
      const translation = translate(event);
      for (const reference of translation.references) {
        if (createdEarlier.has(reference.stream) || (await this.exists(reference))) continue;
        issues.push({ index, id: event.id, reason: 'unknown-reference', ...referenceIssue(reference) });
      }
      if (translation.company)
        for (const command of translation.commands('precheck', () => ({ metadata: {} })))
          createdEarlier.add(command.stream);
    }
    return issues;
  }

  private async apply(event: CampusEvent, options: IngestOptions): Promise<string | undefined> {
    const translation = translate(event);
    for (const reference of translation.references)
      if (!(await this.exists(reference)))
        throw new CampusEventRejected(
          'unknown-reference',
          `${event.type} names ${reference.description}, which does not exist`,
          [referenceIssue(reference)],
        );
    const context = contextFor(event, options);
    const resolved = translation.company && (await this.resolver.resolve(translation.company, context));
    for (const command of translation.commands(resolved?.partnerId, context))
      await this.commands.execute(command);
    return resolved?.partnerId;
  }

  /** A stream this process has seen events in exists: streams are never deleted. */
  private async exists(reference: RequiredReference): Promise<boolean> {
    if (this.streams?.holdsEvents(reference.stream)) return true;
    return (await this.store.readStream(reference.stream, { maxCount: 1 })).length > 0;
  }
}

/** Who and when for every event the message causes; step '' is the line's own command. */
function contextFor(event: CampusEvent, options: IngestOptions): (step: string) => CommandContext {
  const key = idempotencyKeyOf(event);
  const metadata = {
    correlationId: options.correlationId ?? event.correlationId ?? event.id,
    causationId: event.id,
    actor: event.source,
    sourceSystem: event.source,
    occurredAt: event.time,
    campusEventType: event.type,
  };
  return (step) => ({ metadata, idempotencyKey: step === '' ? key : `${key}|${step}` });
}

const conflictIssue = (event: CampusEvent): FieldIssue => ({
  field: 'id',
  message: `${idempotencyKeyOf(event)} was already received with different content`,
});

const conflictingDuplicate = (event: CampusEvent): CampusEventRejected =>
  new CampusEventRejected('conflicting-duplicate', conflictIssue(event).message, [conflictIssue(event)]);

const referenceIssue = (reference: RequiredReference): FieldIssue => ({
  field: reference.field,
  message: `${reference.description} does not exist`,
});
