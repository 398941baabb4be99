import { formatPosition, type GlobalPosition, type RecordedEvent } from '@continuum/event-store';
import type { DataSource } from 'typeorm';
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

export interface BatchTarget {
  readonly projection: Projection;
  readonly schema: string;
  readonly generation: number;
}

/** Applies events and moves the checkpoint in one transaction: all of it happens, or none. */
export async function applyBatch(
  dataSource: DataSource,
  store: ProjectionStore,
  target: BatchTarget,
  batch: { events: readonly RecordedEvent[]; previous: GlobalPosition | undefined; next: GlobalPosition },
  beforeCommit?: (events: readonly RecordedEvent[]) => Promise<void>,
): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const scope = scopeOf(manager, target.schema);
    for (const event of batch.events) {
      try {
        await target.projection.apply(scope, event);
      } catch (reason) {
        throw new ProjectionApplyError(target.projection.name, event, reason);
      }
    }
    await beforeCommit?.(batch.events);
    await store.advance(manager, target.projection.name, target.generation, batch.previous, batch.next);
  });
}
