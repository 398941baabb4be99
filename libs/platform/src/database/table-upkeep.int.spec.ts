import { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { TableUpkeep, type UpkeepRound } from './table-upkeep';

describe('TableUpkeep', () => {
  let database: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase('table_upkeep');
    pool = new Pool({ connectionString: database.url, max: 3 });
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  // Row counts reach pg_stat_user_tables once the writing session reports them.
  async function changed(sql: string, table: string, until: string): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query(sql);
      await client.query('SELECT pg_stat_force_next_flush()');
    } finally {
      client.release();
    }
    for (let attempt = 0; attempt < 100; attempt++) {
      const { rows } = await pool.query<{ ok: boolean }>(
        `SELECT ${until} AS ok FROM pg_stat_user_tables WHERE relname = $1`,
        [table],
      );
      if (rows[0]?.ok) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${table}: statistics never showed ${until}`);
  }

  const estimatedRows = async (table: string): Promise<number> =>
    (await pool.query<{ n: number }>('SELECT reltuples::int AS n FROM pg_class WHERE relname = $1', [table]))
      .rows[0]?.n ?? -1;

  it('analyzes a table changed past the threshold, once, and leaves a barely changed one alone', async () => {
    await pool.query('CREATE TABLE grown (id int); CREATE TABLE barely (id int)');
    await changed(
      'INSERT INTO grown SELECT generate_series(1, 1000)',
      'grown',
      'n_mod_since_analyze >= 1000',
    );
    await changed('INSERT INTO barely VALUES (1), (2)', 'barely', 'n_mod_since_analyze >= 2');

    const upkeep = new TableUpkeep(pool);
    const first = await upkeep.round();

    expect(first.analyzed).toContain('public.grown');
    expect([...first.analyzed, ...first.vacuumed]).not.toContain('public.barely');
    expect(await estimatedRows('grown')).toBe(1000);
    const second = await upkeep.round();
    expect([...second.analyzed, ...second.vacuumed]).not.toContain('public.grown');
  });

  it('vacuums a table with many dead rows', async () => {
    await pool.query('CREATE TABLE churned (id int)');
    await changed('INSERT INTO churned SELECT generate_series(1, 1000)', 'churned', 'n_live_tup >= 1000');
    await changed('DELETE FROM churned WHERE id > 100', 'churned', 'n_dead_tup >= 900');

    const round = await new TableUpkeep(pool).round();

    expect(round.vacuumed).toContain('public.churned');
    const { rows } = await pool.query<{ dead: string }>(
      "SELECT n_dead_tup AS dead FROM pg_stat_user_tables WHERE relname = 'churned'",
    );
    expect(rows[0]?.dead).toBe('0');
    expect(await estimatedRows('churned')).toBe(100);
  });

  it('looks again on its interval until stopped', async () => {
    await pool.query('CREATE TABLE later (id int)');
    const rounds: UpkeepRound[] = [];
    const upkeep = new TableUpkeep(pool, { intervalMs: 20, onRound: (round) => rounds.push(round) });
    upkeep.start();
    try {
      await changed(
        'INSERT INTO later SELECT generate_series(1, 500)',
        'later',
        'n_mod_since_analyze >= 500',
      );
      for (
        let attempt = 0;
        attempt < 200 && !rounds.some((r) => r.analyzed.includes('public.later'));
        attempt++
      )
        await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await upkeep.stop();
    }

    expect(rounds.some((round) => round.analyzed.includes('public.later'))).toBe(true);
    const seen = rounds.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(rounds).toHaveLength(seen);
  });
});
