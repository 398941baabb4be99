import { comparePositions, type GlobalPosition } from '@continuum/event-store';
import type { ProjectionStore } from './projection-store';

/** Read-your-writes: waits, bounded, until a projection's active generation has reached `position`. */
export async function waitForPosition(
  store: ProjectionStore,
  projection: string,
  position: GlobalPosition,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const checkpoint = await store.activeCheckpoint(projection);
    if (checkpoint && comparePositions(checkpoint, position) >= 0) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
