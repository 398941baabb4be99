import type { ProjectionScope } from './projection';

/** A table as a batch writes it: its key and the PostgreSQL type of every column the batch sets. */
export interface BatchTable {
  readonly name: string;
  readonly key: readonly string[];
  readonly columns: Readonly<Record<string, string>>;
  /** SQL for an inserted column's value from the record's typed column, e.g. `date_trunc('milliseconds', x)`. */
  readonly insertAs?: Readonly<Record<string, (column: string) => string>>;
}

type Row = Record<string, unknown>;

class Add {
  constructor(readonly by: number) {}
}
class Greatest {
  constructor(readonly value: string | number) {}
}

/** `column = column + by` */
export const add = (by: number): Add => new Add(by);
/** `column = GREATEST(column, value)` (NULL-ignoring, as in PostgreSQL) */
export const greatest = (value: string | number): Greatest => new Greatest(value);

/** A column change: a plain value sets it; `add` and `greatest` combine with what the row holds. */
export type ColumnChange = unknown;

type Op = { readonly kind: 'set'; readonly value: unknown } | Add | Greatest;

const opOf = (change: ColumnChange): Op =>
  change instanceof Add || change instanceof Greatest ? change : { kind: 'set', value: change };

const unsupported = Symbol('unsupported');
type Composed<T> = T | typeof unsupported;

function larger(a: unknown, b: unknown): Composed<unknown> {
  if (a === null || a === undefined) return b;
  if (b === null || b === undefined) return a;
  if (typeof a === 'number' && typeof b === 'number') return Math.max(a, b);
  if (typeof a === 'string' && typeof b === 'string') {
    const [x, y] = [Date.parse(a), Date.parse(b)];
    if (Number.isNaN(x) || Number.isNaN(y)) return unsupported;
    return y > x ? b : a;
  }
  return unsupported;
}

/** The value a column holds after `op`, given what it held. */
function applied(current: unknown, op: Op): Composed<unknown> {
  if (op instanceof Add) {
    if (current === null) return null;
    return typeof current === 'number' ? current + op.by : unsupported;
  }
  if (op instanceof Greatest) return larger(current, op.value);
  return op.value;
}

/** One op with the effect of `first` then `next` on any value, if there is one. */
function composed(first: Op | undefined, next: Op): Composed<Op> {
  if (first === undefined || !(next instanceof Add || next instanceof Greatest)) return next;
  if (first instanceof Add) return next instanceof Add ? add(first.by + next.by) : unsupported;
  if (first instanceof Greatest) {
    if (!(next instanceof Greatest)) return unsupported;
    const value = larger(first.value, next.value);
    return value === unsupported ? unsupported : greatest(value as string | number);
  }
  const value = applied(first.value, next);
  return value === unsupported ? unsupported : { kind: 'set', value };
}

/** What the batch does to one key so far: exactly the effect of its operations, in order. */
interface KeyState {
  readonly key: Row;
  /** The row was deleted in this batch: it exists afterwards only as `fresh`. */
  deleted: boolean;
  /** Changes for a row that existed before the batch (all changes since the batch began or the delete). */
  patch: Map<string, Op>;
  /** The row an insert in this batch creates if none existed, with the changes made after that insert. */
  fresh: Row | undefined;
}

type Step = { readonly states: Map<string, Map<string, KeyState>> } | { readonly raw: RawStep };
type RawStep = (scope: ProjectionScope) => Promise<unknown>;

const quote = (column: string): string => `"${column}"`;

/**
 * Collects a batch's row writes and sends them as a few multi-row statements per table (`UPDATE ... FROM
 * jsonb_to_recordset`, `DELETE ... USING`, `INSERT ... SELECT ... ON CONFLICT DO NOTHING`), with exactly
 * the effect of sending them one by one, in order. An operation it cannot fold (or a `raw` step) starts a
 * new segment: segments run in order.
 */
export class BatchWriter {
  private readonly steps: Step[] = [];
  private states = new Map<string, Map<string, KeyState>>();
  private readonly tables = new Map<string, BatchTable>();

  constructor(private readonly scope: ProjectionScope) {}

  /** `INSERT ... ON CONFLICT DO NOTHING`: the first insert of a key stands. */
  insert(table: BatchTable, row: Row): void {
    const state = this.stateOf(table, row);
    if (state.fresh === undefined) state.fresh = { ...row };
  }

  /** `UPDATE ... SET ... WHERE key`: nothing happens to a row that does not exist. */
  update(table: BatchTable, key: Row, changes: Readonly<Record<string, ColumnChange>>): void {
    const ops = Object.entries(changes).map(([column, change]) => [column, opOf(change)] as const);
    let state = this.stateOf(table, key);
    if (!this.fold(state, ops)) {
      this.seal();
      state = this.stateOf(table, key);
      if (!this.fold(state, ops)) throw new Error(`Cannot batch a change of ${table.name}`);
    }
  }

  /** `INSERT ... ON CONFLICT (key) DO UPDATE SET changes`. */
  upsert(table: BatchTable, row: Row, changes: Readonly<Record<string, ColumnChange>>): void {
    // The update applies wherever the row exists by now; where none does, the insert creates it.
    this.update(table, row, changes);
    const state = this.stateOf(table, row);
    if (state.fresh === undefined) state.fresh = { ...row };
  }

  /** `DELETE ... WHERE key`. */
  delete(table: BatchTable, key: Row): void {
    const state = this.stateOf(table, key);
    state.deleted = true;
    state.patch = new Map();
    state.fresh = undefined;
  }

  /** Runs `step` in order with the rest: for what the writer cannot express. */
  raw(step: RawStep): void {
    this.seal();
    this.steps.push({ raw: step });
  }

  async flush(): Promise<void> {
    this.seal();
    const steps = this.steps.splice(0);
    for (const step of steps) {
      if ('raw' in step) await step.raw(this.scope);
      else for (const [name, states] of step.states) await this.write(this.tableNamed(name), states);
    }
  }

  private tableNamed(name: string): BatchTable {
    const table = this.tables.get(name);
    if (!table) throw new Error(`Unknown batch table ${name}`);
    return table;
  }

  private seal(): void {
    if (this.states.size > 0) this.steps.push({ states: this.states });
    this.states = new Map();
  }

  private stateOf(table: BatchTable, row: Row): KeyState {
    this.tables.set(table.name, table);
    let states = this.states.get(table.name);
    if (!states) this.states.set(table.name, (states = new Map<string, KeyState>()));
    const key = Object.fromEntries(table.key.map((column) => [column, row[column]]));
    const id = JSON.stringify(table.key.map((column) => row[column]));
    let state = states.get(id);
    if (!state) states.set(id, (state = { key, deleted: false, patch: new Map(), fresh: undefined }));
    return state;
  }

  /** Folds changes into the key's state; false (and nothing changed) if they do not fold. */
  private fold(state: KeyState, ops: readonly (readonly [string, Op])[]): boolean {
    const patch = new Map(state.patch);
    const fresh = state.fresh === undefined ? undefined : { ...state.fresh };
    for (const [column, op] of ops) {
      if (!state.deleted) {
        const next = composed(patch.get(column), op);
        if (next === unsupported) return false;
        patch.set(column, next);
      }
      if (fresh) {
        if (!(column in fresh) && (op instanceof Add || op instanceof Greatest)) return false;
        const value = applied(fresh[column], op);
        if (value === unsupported) return false;
        fresh[column] = value;
      }
    }
    state.patch = patch;
    state.fresh = fresh;
    return true;
  }

  private async write(table: BatchTable, states: Map<string, KeyState>): Promise<void> {
    const updates = new Map<string, { columns: [string, Op][]; rows: Row[] }>();
    const deletes: Row[] = [];
    const inserts = new Map<string, { columns: string[]; rows: Row[] }>();
    for (const state of states.values()) {
      if (state.deleted) deletes.push(state.key);
      else if (state.patch.size > 0) {
        const columns = [...state.patch].sort(([a], [b]) => a.localeCompare(b));
        const shape = columns.map(([column, op]) => `${column}:${kindOf(op)}`).join(',');
        const group = updates.get(shape) ?? { columns, rows: [] };
        group.rows.push({ ...state.key, ...Object.fromEntries(columns.map(([c, op]) => [c, valueOf(op)])) });
        updates.set(shape, group);
      }
      if (state.fresh) {
        const columns = Object.keys(state.fresh).sort();
        const shape = columns.join(',');
        const group = inserts.get(shape) ?? { columns, rows: [] };
        group.rows.push(state.fresh);
        inserts.set(shape, group);
      }
    }
    const target = this.scope.table(table.name);
    const record = (columns: readonly string[]): string =>
      `jsonb_to_recordset($1::jsonb) AS x(${columns.map((c) => `${quote(c)} ${this.typeOf(table, c)}`).join(', ')})`;
    // The key arrays ($2, ...) give the planner index conditions: without them it may hash-join the whole table.
    const keyMatch = table.key
      .map(
        (c, i) =>
          `t.${quote(c)} = ANY($${i + 2}::${this.typeOf(table, c)}[]) AND t.${quote(c)} = x.${quote(c)}`,
      )
      .join(' AND ');
    for (const { columns, rows } of updates.values()) {
      const assignments = columns.map(([column, op]) => {
        const [c, v] = [quote(column), `x.${quote(column)}`];
        return `${c} = ${op instanceof Add ? `t.${c} + ${v}` : op instanceof Greatest ? `GREATEST(t.${c}, ${v})` : v}`;
      });
      await this.send(
        `UPDATE ${target} AS t SET ${assignments.join(', ')}
         FROM ${record([...table.key, ...columns.map(([c]) => c)])} WHERE ${keyMatch}`,
        rows,
        table.key,
      );
    }
    if (deletes.length > 0)
      await this.send(
        `DELETE FROM ${target} AS t USING ${record(table.key)} WHERE ${keyMatch}`,
        deletes,
        table.key,
      );
    for (const { columns, rows } of inserts.values()) {
      const values = columns.map((c) => table.insertAs?.[c]?.(`x.${quote(c)}`) ?? `x.${quote(c)}`);
      await this.send(
        `INSERT INTO ${target} (${columns.map(quote).join(', ')})
         SELECT ${values.join(', ')} FROM ${record(columns)} ON CONFLICT DO NOTHING`,
        rows,
      );
    }
  }

  private typeOf(table: BatchTable, column: string): string {
    const type = table.columns[column];
    if (!type) throw new Error(`${table.name}.${column} has no declared type`);
    return type;
  }

  /** Sends the rows as JSON ($1), then each of `keyColumns` as an array of its values ($2, ...). */
  private send(sql: string, rows: readonly Row[], keyColumns: readonly string[] = []): Promise<unknown> {
    const keyArrays = keyColumns.map((column) =>
      rows.map((row) => {
        const value = row[column];
        return value instanceof Date ? value.toISOString() : value;
      }),
    );
    return this.scope.manager.query(sql, [JSON.stringify(rows), ...keyArrays]);
  }
}

const kindOf = (op: Op): string => (op instanceof Add ? 'add' : op instanceof Greatest ? 'greatest' : 'set');
const valueOf = (op: Op): unknown =>
  op instanceof Add ? op.by : op instanceof Greatest ? op.value : op.value;
