import { comparePositions, type EventStore, type GlobalPosition } from '@continuum/event-store';
import type { DataSource } from 'typeorm';
import type { Projection } from './projection';
import { ProjectionRunner, type RunnerOptions } from './projection-runner';
import { ProjectionStore, type ProjectionStatus } from './projection-store';

export interface ProjectionLag {
  readonly projection: string;
  readonly generation: number;
  readonly state: ProjectionStatus['state'] | 'not-started';
  readonly owner: boolean;
  /** Distance in global positions (sparse: compare, do not count). */
  readonly positionsBehind: string;
  /** Age of the oldest event this projection has not applied yet. */
  readonly secondsBehind: number;
  readonly error: string | null;
  readonly failedPosition: string | null;
}

/** Runs every projection of the process and reports how far behind each one is. */
export class ProjectionHost {
  readonly store: ProjectionStore;
  private readonly runners: ProjectionRunner[];

  constructor(
    private readonly projections: readonly Projection[],
    private readonly eventStore: EventStore,
    dataSource: DataSource,
    options: RunnerOptions = {},
  ) {
    this.store = new ProjectionStore(dataSource);
    this.runners = projections.map(
      (p) => new ProjectionRunner(p, eventStore, dataSource, this.store, options),
    );
  }

  async start(): Promise<void> {
    await this.store.migrate();
    for (const projection of this.projections) await this.store.activeGeneration(projection);
    this.runners.forEach((runner) => runner.start());
  }

  async stop(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }

  async lag(): Promise<ProjectionLag[]> {
    const head = await this.eventStore.headPosition();
    const statuses = await this.store.allStatuses();
    return Promise.all(
      this.projections.map(async (projection) => {
        const status = statuses.find((s) => s.projection === projection.name && s.active);
        const runner = this.runners.find((r) => r.name === projection.name);
        const checkpoint = status?.checkpoint;
        return {
          projection: projection.name,
          generation: status?.generation ?? 0,
          state: status?.state ?? 'not-started',
          owner: runner?.current.owner ?? false,
          positionsBehind: behind(head, checkpoint),
          secondsBehind: await this.secondsBehind(projection, checkpoint, head),
          error: status?.error ?? null,
          failedPosition: status?.failedPosition ?? null,
        };
      }),
    );
  }

  private async secondsBehind(
    projection: Projection,
    checkpoint: GlobalPosition | undefined,
    head: GlobalPosition | undefined,
  ): Promise<number> {
    if (!head || (checkpoint && comparePositions(checkpoint, head) >= 0)) return 0;
    const next = await this.eventStore.readAll({ from: checkpoint, maxCount: 1, filter: projection.filter });
    const oldest = next.events[0];
    return oldest ? Math.max(0, (Date.now() - oldest.recordedAt.getTime()) / 1000) : 0;
  }
}

function behind(head: GlobalPosition | undefined, checkpoint: GlobalPosition | undefined): string {
  if (!head) return '0';
  const gap = head.commit - (checkpoint?.commit ?? 0n);
  return (gap > 0n ? gap : 0n).toString();
}
