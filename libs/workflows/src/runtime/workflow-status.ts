import type { EventStore } from '@continuum/event-store';
import type { Pool } from 'pg';
import type { Clock } from './clock';

export interface PlaybookStatus {
  readonly playbook: string;
  /** This process reads the playbook's feed. */
  readonly owner: boolean;
  readonly checkpoint: string | null;
  /** Distance in global positions from the feed head (sparse: compare, do not count). */
  readonly positionsBehind: string;
  readonly instances: number;
  readonly timersPending: number;
  readonly timersOverdue: number;
  /** Inputs that failed and wait for a retry. */
  readonly failures: number;
  /** Inputs queued behind a failed input of the same instance. */
  readonly waiting: number;
  readonly oldestFailure: string | null;
  readonly lastError: string | null;
}

export interface WorkflowStatus {
  readonly playbooks: readonly PlaybookStatus[];
  readonly outbox: { readonly pending: number; readonly failing: number; readonly lastError: string | null };
}

interface CountRow {
  playbook: string;
  n: string;
  extra: string | null;
  text: string | null;
  at: Date | null;
}

/** Figures for /health/ready and /metrics, read from the runtime's tables. */
export async function readWorkflowStatus(
  pool: Pool,
  eventStore: EventStore,
  playbooks: readonly string[],
  clock: Clock,
  isOwner: (playbook: string) => boolean,
): Promise<WorkflowStatus> {
  const now = clock.now();
  const [head, checkpoints, instances, timers, failures, outbox] = await Promise.all([
    eventStore.headPosition(),
    pool.query<{ playbook: string; commit_position: string | null }>(
      'SELECT playbook, commit_position FROM workflows.checkpoints',
    ),
    pool.query<CountRow>('SELECT playbook, count(*) AS n FROM workflows.instances GROUP BY playbook'),
    pool.query<CountRow>(
      `SELECT playbook, count(*) AS n, count(*) FILTER (WHERE due_at <= $1) AS extra
       FROM workflows.timers GROUP BY playbook`,
      [now],
    ),
    pool.query<CountRow>(
      `SELECT playbook, count(*) FILTER (WHERE error IS NOT NULL) AS n, count(*) FILTER (WHERE error IS NULL) AS extra,
         (array_agg(error ORDER BY last_failed_at DESC) FILTER (WHERE error IS NOT NULL))[1] AS text,
         min(first_failed_at) AS at
       FROM workflows.failures GROUP BY playbook`,
    ),
    pool.query<{ pending: string; failing: string; last_error: string | null }>(
      `SELECT count(*) AS pending, count(*) FILTER (WHERE attempts > 0) AS failing,
         (array_agg(last_error ORDER BY seq DESC) FILTER (WHERE last_error IS NOT NULL))[1] AS last_error
       FROM workflows.outbox WHERE done_at IS NULL`,
    ),
  ]);
  const of = (rows: readonly CountRow[], playbook: string): CountRow | undefined =>
    rows.find((row) => row.playbook === playbook);
  return {
    playbooks: playbooks.map((playbook) => {
      const checkpoint = checkpoints.rows.find((row) => row.playbook === playbook)?.commit_position ?? null;
      const gap = head ? head.commit - BigInt(checkpoint ?? 0) : 0n;
      const failure = of(failures.rows, playbook);
      const timer = of(timers.rows, playbook);
      return {
        playbook,
        owner: isOwner(playbook),
        checkpoint,
        positionsBehind: (gap > 0n ? gap : 0n).toString(),
        instances: Number(of(instances.rows, playbook)?.n ?? 0),
        timersPending: Number(timer?.n ?? 0),
        timersOverdue: Number(timer?.extra ?? 0),
        failures: Number(failure?.n ?? 0),
        waiting: Number(failure?.extra ?? 0),
        oldestFailure: failure?.at?.toISOString() ?? null,
        lastError: failure?.text ?? null,
      };
    }),
    outbox: {
      pending: Number(outbox.rows[0]?.pending ?? 0),
      failing: Number(outbox.rows[0]?.failing ?? 0),
      lastError: outbox.rows[0]?.last_error ?? null,
    },
  };
}
