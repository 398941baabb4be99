import { DataSource, type EntityManager } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { add, BatchWriter, greatest, type BatchTable, type ColumnChange } from './batch-writer';
import { scopeOf } from './projection';

let database: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  database = await createTestDatabase('batch_writer');
  dataSource = await new DataSource({ type: 'postgres', url: database.url, poolSize: 2 }).initialize();
  for (const name of ['one_by_one', 'batched'])
    await dataSource.query(
      `CREATE TABLE public.${name} (k text PRIMARY KEY, label text, n integer, seen timestamptz, tags text[])`,
    );
});

afterAll(async () => {
  await dataSource.destroy();
  await database.drop();
});

const table: BatchTable = {
  name: 'batched',
  key: ['k'],
  columns: { k: 'text', label: 'text', n: 'integer', seen: 'timestamptz', tags: 'text[]' },
};

/** A seeded generator, so a failure names a sequence that can be replayed. */
function random(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % below;
  };
}

type Op =
  | { kind: 'insert'; row: Record<string, unknown> }
  | { kind: 'update'; k: string; changes: Record<string, ColumnChange> }
  | { kind: 'upsert'; row: Record<string, unknown>; changes: Record<string, ColumnChange> }
  | { kind: 'delete'; k: string };

function randomOps(next: (below: number) => number): Op[] {
  const keys = ['a', 'b', 'c'];
  const day = (): string => new Date(Date.UTC(2026, 0, 1 + next(30))).toISOString();
  const value = (): Record<string, unknown> => ({
    label: next(4) === 0 ? null : `l${next(9)}`,
    n: next(4) === 0 ? null : next(9),
    seen: next(4) === 0 ? null : day(),
    tags: [`t${next(3)}`],
  });
  const changes = (): Record<string, ColumnChange> => {
    const all: Record<string, ColumnChange>[] = [
      { label: `u${next(9)}` },
      { n: add(1 + next(3)) },
      { seen: greatest(day()) },
      { n: next(9), label: null },
      { tags: [`x${next(3)}`], seen: greatest(day()) },
    ];
    return all[next(all.length)]!;
  };
  return Array.from({ length: 1 + next(12) }, (): Op => {
    const k = keys[next(keys.length)]!;
    switch (next(5)) {
      case 0:
        return { kind: 'insert', row: { k, ...value() } };
      case 1:
      case 2:
        return { kind: 'update', k, changes: changes() };
      case 3:
        return { kind: 'upsert', row: { k, ...value() }, changes: changes() };
      default:
        return { kind: 'delete', k };
    }
  });
}

/** The statement one operation is on its own: the reference the batch must match. */
async function oneByOne(manager: EntityManager, op: Op): Promise<void> {
  const assignments = (changes: Record<string, ColumnChange>, first: number) => {
    const entries = Object.entries(changes);
    const set = entries.map(([column, change], i) => {
      const p = `$${first + i}`;
      if (change instanceof Object && 'by' in change) return `${column} = one_by_one.${column} + ${p}`;
      if (change instanceof Object && 'value' in change)
        return `${column} = GREATEST(one_by_one.${column}, ${p})`;
      return `${column} = ${p}`;
    });
    const values = entries.map(([, change]) =>
      change instanceof Object && 'by' in change
        ? (change as { by: number }).by
        : change instanceof Object && 'value' in change
          ? (change as { value: unknown }).value
          : change,
    );
    return { set: set.join(', '), values };
  };
  const rowValues = (row: Record<string, unknown>) => [row.k, row.label, row.n, row.seen, row.tags];
  const insert = 'INSERT INTO public.one_by_one (k, label, n, seen, tags) VALUES ($1, $2, $3, $4, $5)';
  switch (op.kind) {
    case 'insert':
      await manager.query(`${insert} ON CONFLICT DO NOTHING`, rowValues(op.row));
      return;
    case 'update': {
      const { set, values } = assignments(op.changes, 2);
      await manager.query(`UPDATE public.one_by_one SET ${set} WHERE k = $1`, [op.k, ...values]);
      return;
    }
    case 'upsert': {
      const { set, values } = assignments(op.changes, 6);
      await manager.query(`${insert} ON CONFLICT (k) DO UPDATE SET ${set}`, [
        ...rowValues(op.row),
        ...values,
      ]);
      return;
    }
    case 'delete':
      await manager.query('DELETE FROM public.one_by_one WHERE k = $1', [op.k]);
  }
}

function batched(writer: BatchWriter, op: Op): void {
  switch (op.kind) {
    case 'insert': {
      writer.insert(table, op.row);
      return;
    }
    case 'update': {
      writer.update(table, { k: op.k }, op.changes);
      return;
    }
    case 'upsert': {
      writer.upsert(table, op.row, op.changes);
      return;
    }
    case 'delete': {
      writer.delete(table, { k: op.k });
      return;
    }
  }
}

const rows = (name: string): Promise<unknown[]> =>
  dataSource.query(`SELECT k, label, n, seen, tags FROM public.${name} ORDER BY k`);

describe('BatchWriter', () => {
  it('leaves exactly the rows the same operations leave one by one, whatever existed before', async () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      await dataSource.query('TRUNCATE public.one_by_one, public.batched');
      // Some keys exist before the batch, some do not.
      for (const k of ['a', 'b', 'c'].filter(() => next(2) === 0)) {
        const before = [k, next(3) === 0 ? null : 5, next(3) === 0 ? null : '2026-01-15T00:00:00Z'];
        for (const name of ['one_by_one', 'batched'])
          await dataSource.query(
            `INSERT INTO public.${name} (k, label, n, seen, tags) VALUES ($1, 'before', $2, $3, '{old}')`,
            before,
          );
      }
      const ops = randomOps(next);
      await dataSource.transaction(async (manager) => {
        for (const op of ops) await oneByOne(manager, op);
        const writer = new BatchWriter(scopeOf(manager, 'public'));
        for (const op of ops) batched(writer, op);
        await writer.flush();
      });
      expect({ seed, rows: await rows('batched') }).toEqual({ seed, rows: await rows('one_by_one') });
    }
  });

  it('runs raw steps in order with the folded writes around them', async () => {
    await dataSource.query('TRUNCATE public.batched');
    await dataSource.transaction(async (manager) => {
      const writer = new BatchWriter(scopeOf(manager, 'public'));
      writer.insert(table, { k: 'a', label: 'first', n: 1 });
      writer.raw((scope) => scope.manager.query(`UPDATE public.batched SET label = label || '+raw'`));
      writer.update(table, { k: 'a' }, { n: add(1) });
      await writer.flush();
    });
    expect(await rows('batched')).toEqual([{ k: 'a', label: 'first+raw', n: 2, seen: null, tags: null }]);
  });
});
