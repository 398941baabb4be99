import type { Pool } from 'pg';

export interface UpkeepOptions {
  /** How often to look for tables past the thresholds (default 10 s; a look is one catalog query). */
  readonly intervalMs?: number;
  readonly onError?: (error: Error) => void;
  readonly onRound?: (round: UpkeepRound) => void;
}

export interface UpkeepRound {
  readonly vacuumed: readonly string[];
  readonly analyzed: readonly string[];
}

interface TableDue {
  readonly name: string;
  readonly vacuum: boolean;
}

/**
 * autovacuum's rules with the server's own settings: VACUUM a table with more dead rows than
 * threshold + scale × live rows; ANALYZE one changed that much since its last ANALYZE.
 */
const tablesDue = `
  SELECT name, vacuum FROM (
    SELECT quote_ident(schemaname) || '.' || quote_ident(relname) AS name,
           n_dead_tup > current_setting('autovacuum_vacuum_threshold')::float8
             + current_setting('autovacuum_vacuum_scale_factor')::float8 * n_live_tup AS vacuum,
           n_mod_since_analyze > current_setting('autovacuum_analyze_threshold')::float8
             + current_setting('autovacuum_analyze_scale_factor')::float8 * n_live_tup AS stale
    FROM pg_stat_user_tables) AS tables
  WHERE vacuum OR stale
  ORDER BY name`;

/**
 * Does autovacuum's work on this database's tables when the server runs without it. Without it no
 * table ever gets statistics, so plans made on empty tables stay (a claim read every pending outbox
 * row, a state update every instance of its playbook), and queue tables keep every dead row.
 */
export class TableUpkeep {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly pool: Pool,
    private readonly options: UpkeepOptions = {},
  ) {}

  /** Whether the server leaves upkeep to us: its autovacuum is off. */
  static async isNeeded(pool: Pool): Promise<boolean> {
    const { rows } = await pool.query<{ autovacuum: string }>('SHOW autovacuum');
    return rows[0]?.autovacuum !== 'on';
  }

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One look: VACUUM (ANALYZE) the tables with too many dead rows, ANALYZE those changed enough. */
  async round(): Promise<UpkeepRound> {
    const { rows } = await this.pool.query<TableDue>(tablesDue);
    const vacuumed: string[] = [];
    const analyzed: string[] = [];
    for (const table of rows) {
      if (this.stopped) break;
      try {
        // One table at a time, outside a transaction (VACUUM cannot run in one); names come quoted.
        await this.pool.query(table.vacuum ? `VACUUM (ANALYZE) ${table.name}` : `ANALYZE ${table.name}`);
        (table.vacuum ? vacuumed : analyzed).push(table.name);
      } catch (error) {
        // Dropped since the look (an old projection generation, say): nothing left to keep up.
        if ((error as { code?: string }).code !== '42P01') throw error;
      }
    }
    return { vacuumed, analyzed };
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.round()
        .then((round) => this.options.onRound?.(round))
        .catch((error: unknown) =>
          this.options.onError?.(error instanceof Error ? error : new Error(String(error))),
        )
        .finally(() => this.schedule());
    }, this.options.intervalMs ?? 10_000);
  }
}
