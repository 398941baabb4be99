import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  FeedPage,
  GlobalPosition,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '@continuum/event-store';
import { generationSchema, type Projection, type ProjectionScope } from '@continuum/projections';
import { performance } from 'node:perf_hooks';
import type {
  EntitySubscriberInterface,
  Logger,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';

const SCHEMA = /"(rm_[a-z0-9_]+_g)\d+"/;

/**
 * A TypeORM logger that counts the SQL statements each projection sends, by the generation schema the
 * statement names: the round trips per applied event, without touching the projections.
 */
export class StatementCounter implements Logger {
  private readonly byPrefix = new Map<string, string>();
  private readonly counts = new Map<string, number>();

  watch(projections: readonly Projection[]): void {
    for (const { name } of projections) this.byPrefix.set(generationSchema(name, 0).slice(0, -1), name);
  }

  /** Statements sent for `projection` since the last reset. */
  take(projection: string): number {
    const value = this.counts.get(projection) ?? 0;
    this.counts.delete(projection);
    return value;
  }

  logQuery(query: string): void {
    const prefix = SCHEMA.exec(query)?.[1];
    const name = prefix === undefined ? undefined : this.byPrefix.get(prefix);
    if (name !== undefined) this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  logQueryError(): void {
    // Failures surface through the projection run itself.
  }
  logQuerySlow(): void {
    // Not a measure here.
  }
  logSchemaBuild(): void {
    // No schema building: projections create their own tables.
  }
  logMigration(): void {
    // No TypeORM migrations in the bench.
  }
  log(): void {
    // Nothing else is reported.
  }
}

/** Delegates to the event store and adds up the time spent in `readAll`: the reading share of a rebuild. */
export class TimedReads implements EventStore {
  readSeconds = 0;

  constructor(private readonly inner: EventStore) {}

  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.inner.append(stream, events, expected);
  }
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.inner.readStream(stream, options);
  }
  async readAll(options?: ReadAllOptions): Promise<FeedPage> {
    const started = performance.now();
    try {
      return await this.inner.readAll(options);
    } finally {
      this.readSeconds += (performance.now() - started) / 1000;
    }
  }
  subscribeToAll(options: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll(options);
  }
  headPosition(): Promise<GlobalPosition | undefined> {
    return this.inner.headPosition();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/**
 * When each projection's transaction applying an event committed. `observe` wraps a projection (same
 * name, tables, filter and setup; `apply` and `applyBatch` delegate, then note the events against the transaction's
 * query runner); TypeORM's after-commit hook, which runs once COMMIT has returned, stamps the time.
 */
export class CommitClock implements EntitySubscriberInterface {
  private readonly pending = new WeakMap<QueryRunner, { projection: string; eventId: string }[]>();
  private readonly committed = new Map<string, Map<string, number>>();

  observe(projection: Projection): Projection {
    const seen = new Map<string, number>();
    this.committed.set(projection.name, seen);
    return {
      name: projection.name,
      tables: projection.tables,
      filter: projection.filter,
      setup: (scope: ProjectionScope) => projection.setup(scope),
      apply: async (scope: ProjectionScope, event: RecordedEvent) => {
        await projection.apply(scope, event);
        this.note(scope, projection.name, [event]);
      },
      ...(projection.applyBatch && {
        applyBatch: async (scope: ProjectionScope, events: readonly RecordedEvent[]) => {
          await projection.applyBatch?.(scope, events);
          this.note(scope, projection.name, events);
        },
      }),
    };
  }

  private note(scope: ProjectionScope, projection: string, events: readonly RecordedEvent[]): void {
    const runner = scope.manager.queryRunner;
    if (!runner) return;
    const list = this.pending.get(runner) ?? [];
    for (const event of events) list.push({ projection, eventId: event.id });
    this.pending.set(runner, list);
  }

  /** performance.now() at which `projection` committed `eventId`, if it has. */
  committedAt(projection: string, eventId: string): number | undefined {
    return this.committed.get(projection)?.get(eventId);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const list = this.pending.get(event.queryRunner);
    if (!list) return;
    const now = performance.now();
    for (const { projection, eventId } of list) {
      const seen = this.committed.get(projection);
      if (seen && !seen.has(eventId)) seen.set(eventId, now);
    }
    this.pending.delete(event.queryRunner);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.pending.delete(event.queryRunner);
  }
}
