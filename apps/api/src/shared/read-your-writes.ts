import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { parsePosition } from '@continuum/event-store';
import { ProblemException } from '@continuum/http';
import { ProjectionStore, waitForPosition } from '@continuum/projections';
import { DataSource } from 'typeorm';
import { allProjections } from '../../../worker/src/projections/all-projections';

const MAX_WAIT_MS = 5_000;

/** Lets a query wait (bounded) until a read model shows the caller's own write, given its `position`. */
@Injectable()
export class ReadYourWrites implements OnApplicationBootstrap {
  private readonly store: ProjectionStore;

  constructor(@Inject(DataSource) dataSource: DataSource) {
    this.store = new ProjectionStore(dataSource);
  }

  // An API-only process must find the read-model views even before a worker has started.
  async onApplicationBootstrap(): Promise<void> {
    await this.store.migrate();
    for (const projection of allProjections) await this.store.activeGeneration(projection);
  }

  async waitFor(projection: string, minPosition: string | undefined): Promise<void> {
    if (minPosition === undefined) return;
    let position;
    try {
      position = parsePosition(minPosition);
    } catch {
      throw new ProblemException(
        400,
        'invalid-request',
        'Invalid request',
        'minPosition is not a global position',
        {
          errors: [{ field: 'minPosition', message: 'not a global position' }],
        },
      );
    }
    if (!(await waitForPosition(this.store, projection, position, MAX_WAIT_MS))) {
      throw new ProblemException(
        503,
        'read-model-behind',
        'Read model not caught up',
        `${projection} has not reached position ${minPosition} within ${MAX_WAIT_MS} ms; retry shortly`,
      );
    }
  }
}
