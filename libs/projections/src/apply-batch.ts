import { formatPosition, type GlobalPosition, type RecordedEvent } from '@continuum/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import { scopeOf, type Projection } from './projection';
import type { ProjectionStore } from './projection-store';

/** An event the projection could not apply: the projection stops here, visibly, until it can. */
export class ProjectionApplyError extends Error {
  constructor(
    readonly projection: string,
    readonly event: RecordedEvent,
    readonly reason: unknown,
  ) {
    super(
      `${projection} cannot apply ${event.type} ${event.id} at ${formatPosition(event.position)}: ${
        reason instanceof Error ? reason.message : String(reason)
      }`,
    );
    this.name = 'ProjectionApplyError';
  }
}

/** `applyBatch` failed somewhere in the batch; applying event by event tells where. */
class BatchApplyFailed extends Error {}

export interface BatchTarget {
  readonly projection: Projection;
  readonly schema: string;
  readonly generation: number;
}

export interface BatchOptions {
  /**
   * Commit without waiting for the WAL flush (`synchronous_commit = off`): the transaction ends sooner,
   * so it holds back the feed horizon for less time. A server crash may lose the last such commits, read
   * model and checkpoint together, and the runner then applies those events again: still exactly once.
   */
  readonly asyncCommit?: boolean;
  /** Test seam: runs inside the transaction after the writes, before the checkpoint moves. */
  readonly beforeCommit?: (events: readonly RecordedEvent[]) => Promise<void>;
}

/** Applies events and moves the checkpoint in one transaction: all of it happens, or none. */
export async function applyBatch(
  dataSource: DataSource,
  store: ProjectionStore,
  target: BatchTarget,
  batch: { events: readonly RecordedEvent[]; previous: GlobalPosition | undefined; next: GlobalPosition },
  // A bare function is the older `beforeCommit` argument.
  optionsOrBeforeCommit: BatchOptions | BatchOptions['beforeCommit'] = {},
): Promise<void> {
  const options =
    typeof optionsOrBeforeCommit === 'function'
      ? { beforeCommit: optionsOrBeforeCommit }
      : optionsOrBeforeCommit;
  const { projection } = target;
  const inTransaction = (write: (manager: EntityManager) => Promise<void>): Promise<void> =>
    dataSource.transaction(async (manager) => {
      await write(manager);
      await options.beforeCommit?.(batch.events);
      await store.advance(
        manager,
        projection.name,
        target.generation,
        batch.previous,
        batch.next,
        options.asyncCommit ?? false,
      );
    });
  if (batch.events.length === 0) {
    // Past events the projection does not take: the checkpoint alone, one statement, no transaction around it.
    await options.beforeCommit?.(batch.events);
    await store.advance(
      dataSource.manager,
      projection.name,
      target.generation,
      batch.previous,
      batch.next,
      options.asyncCommit ?? false,
    );
    return;
  }
  if (projection.applyBatch) {
    try {
      await inTransaction(async (manager) => {
        try {
          await projection.applyBatch?.(scopeOf(manager, target.schema), batch.events);
        } catch (reason) {
          throw new BatchApplyFailed(reason instanceof Error ? reason.message : String(reason));
        }
      });
      return;
    } catch (error) {
      if (!(error instanceof BatchApplyFailed)) throw error;
    }
  }
  await inTransaction(async (manager) => {
    const scope = scopeOf(manager, target.schema);
    for (const event of batch.events) {
      try {
        await projection.apply(scope, event);
      } catch (reason) {
        throw new ProjectionApplyError(projection.name, event, reason);
      }
    }
  });
}
