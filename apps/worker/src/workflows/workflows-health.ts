import type { HealthIndicator, HealthState } from '@continuum/platform';
import type { WorkflowRuntime } from '@continuum/workflows';

/** Failing inputs or commands degrade the service (follow-ups are late) without failing readiness. */
export class WorkflowsHealthIndicator implements HealthIndicator {
  readonly name = 'workflows';

  constructor(
    private readonly runtime: WorkflowRuntime,
    private readonly disabled: readonly string[],
  ) {}

  async check(): Promise<HealthState> {
    const status = await this.runtime.status();
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
