import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** Tells whether the process was busy since it was last asked. */
export interface BusyGauge {
  busySinceLastAsked(): boolean;
}

/**
 * Busy when the event loop ran more than `threshold` of the time since the last question (Node's
 * event-loop utilisation): ingestion, the read models and the playbooks are keeping the process working.
 */
export class EventLoopBusyGauge implements BusyGauge {
  private last: EventLoopUtilization = performance.eventLoopUtilization();

  constructor(private readonly threshold = 0.8) {}

  busySinceLastAsked(): boolean {
    const now = performance.eventLoopUtilization();
    const since = performance.eventLoopUtilization(now, this.last);
    this.last = now;
    return since.utilization > this.threshold;
  }
}

export interface DispatchPacing {
  readonly batchSize: number;
  /** Pause between full rounds while the process is busy. */
  readonly busyPauseMs: number;
}

/**
 * What the dispatch loop does after a round: a full round goes again at once, unless the process is busy;
 * then it waits `busyPauseMs`. Follow-up tasks are due in days and the partner 360 in milliseconds, so
 * under load dispatch yields the CPU (about batchSize / busyPauseMs commands a second still go out).
 */
export function afterDispatchRound(
  claimed: number,
  pacing: DispatchPacing,
  gauge: BusyGauge,
): 'more' | 'idle' | number {
  if (claimed < pacing.batchSize) return 'idle';
  return gauge.busySinceLastAsked() ? pacing.busyPauseMs : 'more';
}
