import type { FiredTimer, WorkflowRuntime, WorkflowStatus } from '@continuum/workflows';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface WorkflowMetrics {
  timersFired(fired: readonly FiredTimer[], committedAt: Date): void;
  commandsDispatched(done: number, failed: number): void;
}

/** Counters fed by the runtime as it works; gauges read from its tables when Prometheus scrapes. */
export function registerWorkflowMetrics(registry: Registry, runtime: () => WorkflowRuntime): WorkflowMetrics {
  const fired = new Counter({
    name: 'continuum_workflow_timers_fired_total',
    help: 'Timers fired',
    labelNames: ['playbook'],
    registers: [registry],
  });
  const lateness = new Histogram({
    name: 'continuum_workflow_timer_lateness_seconds',
    help: 'From a timer coming due to its firing transaction committing',
    labelNames: ['playbook'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const commands = new Counter({
    name: 'continuum_workflow_commands_total',
    help: 'Outbox commands dispatched (done) or failed (retried later)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  // prom-client collects gauges concurrently: they share one status reading per scrape.
  let reading: Promise<WorkflowStatus> | undefined;
  const status = (): Promise<WorkflowStatus> => {
    reading ??= runtime()
      .status()
      .finally(() => setTimeout(() => (reading = undefined), 100));
    return reading;
  };
  const perPlaybook = (
    name: string,
    help: string,
    value: (entry: WorkflowStatus['playbooks'][number]) => number,
  ): void => {
    new Gauge({
      name,
      help,
      labelNames: ['playbook'],
      registers: [registry],
      async collect() {
        for (const entry of (await status()).playbooks) this.set({ playbook: entry.playbook }, value(entry));
      },
    });
  };
  perPlaybook(
    'continuum_workflow_timers_pending',
    'Timers waiting in workflows.timers',
    (e) => e.timersPending,
  );
  perPlaybook(
    'continuum_workflow_timers_overdue',
    'Timers already due but not fired yet',
    (e) => e.timersOverdue,
  );
  perPlaybook('continuum_workflow_failures', 'Inputs that failed and wait for a retry', (e) => e.failures);
  perPlaybook(
    'continuum_workflow_lag_positions',
    'Global positions between the feed head and the checkpoint',
    (e) => Number(e.positionsBehind),
  );
  new Gauge({
    name: 'continuum_workflow_outbox_backlog',
    help: 'Commands written but not dispatched yet',
    registers: [registry],
    async collect() {
      this.set((await status()).outbox.pending);
    },
  });
  new Gauge({
    name: 'continuum_workflow_outbox_failing',
    help: 'Commands whose dispatch failed and will be retried',
    registers: [registry],
    async collect() {
      this.set((await status()).outbox.failing);
    },
  });
  return {
    timersFired(timers, committedAt) {
      for (const timer of timers) {
        fired.inc({ playbook: timer.playbook });
        lateness.observe(
          { playbook: timer.playbook },
          Math.max(0, committedAt.getTime() - timer.dueAt.getTime()) / 1000,
        );
      }
    },
    commandsDispatched(done, failed) {
      if (done > 0) commands.inc({ outcome: 'done' }, done);
      if (failed > 0) commands.inc({ outcome: 'failed' }, failed);
    },
  };
}
