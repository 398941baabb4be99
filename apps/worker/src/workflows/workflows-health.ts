import type { HealthIndicator, HealthState } from '@continuum/platform';
import type { WorkflowRuntime } from '@continuum/workflows';

const STATUS_BUDGET_MS = 1_500;

/** Failing inputs or commands degrade the service (follow-ups are late) without failing readiness. */
export class WorkflowsHealthIndicator implements HealthIndicator {
  readonly name = 'workflows';

  constructor(
    private readonly runtime: WorkflowRuntime,
    private readonly disabled: readonly string[],
  ) {}

  async check(): Promise<HealthState> {
    // Busy workflow connections make the status slow, not the service unready: report degraded instead of timing out.
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<'slow'>(
      (resolve) => (timer = setTimeout(() => resolve('slow'), STATUS_BUDGET_MS)),
    );
    const status = await Promise.race([this.runtime.status(), slow]).finally(() => clearTimeout(timer));
    if (status === 'slow') return 'degraded';
    const failing = status.playbooks.some((playbook) => playbook.failures > 0) || status.outbox.failing > 0;
    return failing ? 'degraded' : 'up';
  }

  async details(): Promise<Record<string, unknown>> {
    const status = await this.runtime.status();
    return {
      playbooks: Object.fromEntries(status.playbooks.map(({ playbook, ...figures }) => [playbook, figures])),
      outbox: status.outbox,
      disabled: this.disabled,
    };
  }
}
