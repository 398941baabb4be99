import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';

/**
 * Work still owed downstream of the event store: read models, playbooks or the publisher behind the head,
 * follow-up commands waiting for the dispatcher, timers due. Zero everywhere means the system is quiet.
 */
const owedSql = `
  WITH head AS (SELECT coalesce(max(global_position), -1) AS at FROM event_store.events)
  SELECT
    (SELECT count(*) FROM projections.checkpoints c, head
      WHERE c.active AND coalesce(c.commit_position, -1) < head.at) AS projections_behind,
    (SELECT count(*) FROM workflows.checkpoints c, head WHERE coalesce(c.commit_position, -1) < head.at)
      AS playbooks_behind,
    (SELECT count(*) FROM outbound.publisher_checkpoints c, head
      WHERE coalesce(c.commit_position, -1) < head.at) AS publishers_behind,
    (SELECT count(*) FROM workflows.outbox WHERE done_at IS NULL AND next_attempt_at <= now()) AS commands_waiting,
    (SELECT count(*) FROM workflows.timers WHERE due_at <= now()) AS timers_due`;

interface Owed {
  readonly projections_behind: string;
  readonly playbooks_behind: string;
  readonly publishers_behind: string;
  readonly commands_waiting: string;
  readonly timers_due: string;
}

/** Waits until nothing is owed downstream (checked twice in a row, 250 ms apart); answers when that was. */
export async function waitUntilSettled(
  pool: Pool,
  what: string,
  log: (line: string) => void,
  timeoutMs = 15 * 60_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let lastLog = 0;
  let quietSince: number | undefined;
  for (;;) {
    const { rows } = await pool.query<Owed>(owedSql);
    const owed = rows[0];
    const quiet = owed !== undefined && Object.values(owed).every((value) => Number(value) === 0);
    if (quiet) {
      quietSince ??= performance.now();
      if (performance.now() - quietSince >= 250) return quietSince;
    } else quietSince = undefined;
    if (Date.now() > deadline) throw new Error(`${what}: not settled: ${JSON.stringify(owed)}`);
    if (!quiet && Date.now() - lastLog > 5_000) {
      log(`${what}: settling ${JSON.stringify(owed)}`);
      lastLog = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
