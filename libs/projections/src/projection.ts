import type { FeedFilter, RecordedEvent } from '@continuum/event-store';
import type { EntityManager } from 'typeorm';

/** Where one generation of a projection writes: its own schema, so a rebuild never touches the live tables. */
export interface ProjectionScope {
  readonly manager: EntityManager;
  readonly schema: string;
  /** Quoted, schema-qualified table name for SQL. */
  readonly table: (name: string) => string;
}

/**
 * A read model fed by the global feed. `apply` runs inside the batch's transaction, together with the
 * checkpoint, so an event is counted exactly once whatever crashes.
 */
export interface Projection {
  /** Stable kebab-case name, e.g. `partner-360`. */
  readonly name: string;
  /** Tables this projection owns; each is served to readers through a view `read_models.<table>`. */
  readonly tables: readonly string[];
  readonly filter?: FeedFilter;
  /** Creates this generation's tables and indexes (idempotent). */
  setup(scope: ProjectionScope): Promise<void>;
  apply(scope: ProjectionScope, event: RecordedEvent): Promise<void>;
  /**
   * Optional and faster: applies a batch's events, in feed order, with exactly the effect of `apply` on
   * each in turn, in a few statements. The runner uses it when present and falls back to `apply`, event
   * by event, to find the event a failing batch cannot apply.
   */
  applyBatch?(scope: ProjectionScope, events: readonly RecordedEvent[]): Promise<void>;
}

export const READ_MODELS_SCHEMA = 'read_models';

export const generationSchema = (projection: string, generation: number): string =>
  `rm_${projection.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_g${generation}`;

export function scopeOf(manager: EntityManager, schema: string): ProjectionScope {
  return { manager, schema, table: (name) => `"${schema}"."${name}"` };
}
