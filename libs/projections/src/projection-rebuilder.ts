import {
  comparePositions,
  isAfter,
  type EventStore,
  type FeedPage,
  type GlobalPosition,
} from '@continuum/event-store';
import type { DataSource } from 'typeorm';
import { applyBatch } from './apply-batch';
import { generationSchema, type Projection } from './projection';
import type { ProjectionStore } from './projection-store';

export interface RebuildProgress {
  readonly generation: number;
  readonly eventsApplied: number;
  /** 0..1, by global position between the start of the feed and the head seen when the rebuild began. */
  readonly fraction: number;
}

export interface RebuildResult {
  readonly generation: number;
  readonly previousGeneration: number;
  readonly eventsApplied: number;
}

/**
 * Builds a new generation of a projection from the start of the feed into fresh tables while the
 * live one keeps serving, then points the views at it in one transaction.
 */
export class ProjectionRebuilder {
  constructor(
    private readonly eventStore: EventStore,
    private readonly dataSource: DataSource,
    private readonly store: ProjectionStore,
  ) {}

  async rebuild(
    projection: Projection,
    options: {
      batchSize?: number;
      onProgress?: (progress: RebuildProgress) => void;
      keepPrevious?: boolean;
    } = {},
  ): Promise<RebuildResult> {
    await this.store.migrate();
    const previousGeneration = await this.store.activeGeneration(projection);
    const generation = (await this.store.latestGeneration(projection.name)) + 1;
    await this.dataSource.transaction((manager) =>
      this.store.createGeneration(manager, projection, generation, 'building'),
    );
    const target = { projection, schema: generationSchema(projection.name, generation), generation };
    const head = await this.eventStore.headPosition();
    let checkpoint: GlobalPosition | undefined;
    let eventsApplied = 0;
    let first: bigint | undefined;
    const read = (from: GlobalPosition | undefined): Promise<FeedPage> => {
      const reading = this.eventStore.readAll({
        from,
        maxCount: options.batchSize ?? 1000,
        filter: projection.filter,
      });
      reading.catch(() => undefined); // awaited below; never an unhandled rejection if applying fails first
      return reading;
    };
    let next = read(checkpoint);
    for (;;) {
      const page = await next;
      const progressed = page.checkpoint !== undefined && isAfter(page.checkpoint, checkpoint);
      // Read the next page while this one is applied: reading and writing overlap.
      if (!page.isEnd) next = read(progressed ? page.checkpoint : checkpoint);
      if (progressed) {
        await applyBatch(
          this.dataSource,
          this.store,
          target,
          { events: page.events, previous: checkpoint, next: page.checkpoint },
          { asyncCommit: true },
        );
        checkpoint = page.checkpoint;
        eventsApplied += page.events.length;
        first ??= page.events[0]?.position.commit;
        options.onProgress?.({ generation, eventsApplied, fraction: progressOf(first, checkpoint, head) });
      }
      if (page.isEnd) {
        // Stop only at the head seen at the start: an older transaction still running may hide part of it.
        if (!head || (checkpoint && comparePositions(checkpoint, head) >= 0)) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
        next = read(checkpoint);
      }
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `projection-registry:${projection.name}`,
      ]);
      await this.store.activate(manager, projection, generation);
    });
    // The live runner fails its next checkpoint on the old generation and moves to the new one.
    if (!options.keepPrevious) await this.store.dropGeneration(projection.name, previousGeneration);
    return { generation, previousGeneration, eventsApplied };
  }
}

function progressOf(
  first: bigint | undefined,
  checkpoint: GlobalPosition,
  head: GlobalPosition | undefined,
): number {
  if (!head || first === undefined || head.commit <= first) return 1;
  const done = Number(checkpoint.commit - first) / Number(head.commit - first);
  return Math.min(1, Math.max(0, done));
}
