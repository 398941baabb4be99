import type { Money } from '@continuum/kernel';
import { BatchWriter, greatest, type ProjectionScope } from '@continuum/projections';
import { dayOf, engagementItems, type EngagementItem } from './continuum-lines';
import { batchTables, partner360Tables } from './partner-360.schema';
import { foldText, nameSearchTextOf, searchTextOf } from './partner-search';

const T = partner360Tables;

interface NewItem {
  readonly item: EngagementItem;
  readonly itemId: string;
  readonly partnerId: string;
  readonly status: string;
  readonly startsOn: string;
  readonly kind?: string;
  readonly title?: string;
  readonly endsOn?: string;
  readonly value?: Money;
  readonly outstanding?: string;
  readonly seats?: number;
  readonly recruiters?: number;
}

type ItemColumn =
  | 'status'
  | 'ends_on'
  | 'closed_on'
  | 'hired_on'
  | 'value_amount'
  | 'value_currency'
  | 'outstanding_amount'
  | 'seats';

interface NewProfile {
  readonly partnerId: string;
  readonly name: string;
  readonly webDomain?: string;
  readonly industry?: string;
  readonly region?: string;
  readonly tier: string;
  readonly registeredVia: string;
}

type ItemChanges = Partial<Record<ItemColumn, string | number | null>>;

/** What an event does to the 360's tables; sent at once (`apply`) or folded into a batch (`applyBatch`). */
export interface Partner360Writes {
  register(profile: NewProfile): Promise<unknown>;
  rename(partnerId: string, name: string): Promise<unknown>;
  insertItem(row: NewItem): Promise<unknown>;
  updateItem(item: EngagementItem, itemId: string, changes: ItemChanges): Promise<unknown>;
  updateProfile(partnerId: string, changes: Record<string, string | null>): Promise<unknown>;
  addLinks(partnerId: string, links: readonly unknown[]): Promise<unknown>;
  removeLinks(partnerId: string, links: readonly unknown[]): Promise<unknown>;
  merge(duplicateId: string, survivorId: string, links: readonly unknown[]): Promise<unknown>;
  undoMerge(duplicateId: string, links: readonly unknown[]): Promise<unknown>;
  task(taskId: string, partnerId: string, open: boolean): Promise<unknown>;
}

/** Applies one event: one or two statements, all keyed, inside the batch transaction. */
export class Partner360Writer implements Partner360Writes {
  constructor(
    private readonly scope: ProjectionScope,
    private readonly at: string,
  ) {}

  /** Contract days as dates; a value that is no date at all takes the event's own day rather than stop the projection. */
  private day(text: string): string {
    return dayOf(text, this.at.slice(0, 10));
  }

  private table(name: string): string {
    return this.scope.table(name);
  }

  private query(sql: string, parameters: unknown[]): Promise<unknown> {
    return this.scope.manager.query(sql, parameters);
  }

  register(profile: NewProfile): Promise<unknown> {
    const { partnerId, name, webDomain, industry, region, tier, registeredVia } = profile;
    return this.query(
      `INSERT INTO ${this.table(T.profiles)} (partner_id, name, sort_name, search_text, web_domain, industry,
         region, tier, registered_via, registered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (partner_id) DO NOTHING`,
      [
        partnerId,
        name,
        foldText(name),
        searchTextOf(name, webDomain),
        webDomain ?? null,
        industry ?? null,
        region ?? null,
        tier,
        registeredVia,
        this.at,
      ],
    );
  }

  rename(partnerId: string, name: string): Promise<unknown> {
    return this.query(
      `UPDATE ${this.table(T.profiles)}
       SET name = $2, sort_name = $3, search_text = $4 || COALESCE(' | ' || web_domain, '') WHERE partner_id = $1`,
      [partnerId, name, foldText(name), nameSearchTextOf(name)],
    );
  }

  insertItem(row: NewItem): Promise<unknown> {
    return this.query(
      `INSERT INTO ${this.table(T.engagements)} (item, item_id, partner_id, line, kind, title, status, starts_on,
         ends_on, value_amount, value_currency, outstanding_amount, seats, recruiters, occurred_at, last_event_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)
       ON CONFLICT (item, item_id) DO NOTHING`,
      [
        row.item,
        row.itemId,
        row.partnerId,
        engagementItems[row.item],
        row.kind ?? null,
        row.title ?? null,
        row.status,
        this.day(row.startsOn),
        row.endsOn === undefined ? null : this.day(row.endsOn),
        row.value?.amount ?? null,
        row.value?.currency ?? null,
        row.outstanding ?? null,
        row.seats ?? null,
        row.recruiters ?? null,
        this.at,
      ],
    );
  }

  updateItem(item: EngagementItem, itemId: string, changes: ItemChanges): Promise<unknown> {
    const entries = Object.entries(changes).map(([column, value]) =>
      column.endsWith('_on') && typeof value === 'string' ? [column, this.day(value)] : [column, value],
    );
    const assignments = entries.map(([column], index) => `${String(column)} = $${index + 4}`);
    return this.query(
      `UPDATE ${this.table(T.engagements)}
       SET ${[...assignments, 'last_event_at = GREATEST(last_event_at, $3)'].join(', ')}
       WHERE item = $1 AND item_id = $2`,
      [item, itemId, this.at, ...entries.map(([, value]) => value)],
    );
  }

  updateProfile(partnerId: string, changes: Record<string, string | null>): Promise<unknown> {
    const entries = Object.entries(changes);
    const assignments = entries.map(([column], index) => `${column} = $${index + 2}`);
    return this.query(
      `UPDATE ${this.table(T.profiles)} SET ${assignments.join(', ')} WHERE partner_id = $1`,
      [partnerId, ...entries.map(([, value]) => value)],
    );
  }

  addLinks(partnerId: string, links: readonly unknown[]): Promise<unknown> {
    return this.query(
      `INSERT INTO ${this.table(T.externalLinks)} (partner_id, system, external_id)
       SELECT $1, x.system, x."externalId" FROM jsonb_to_recordset($2::jsonb) AS x(system text, "externalId" text)
       ON CONFLICT DO NOTHING`,
      [partnerId, JSON.stringify(links)],
    );
  }

  removeLinks(partnerId: string, links: readonly unknown[]): Promise<unknown> {
    return this.query(
      `DELETE FROM ${this.table(T.externalLinks)} l
       USING jsonb_to_recordset($2::jsonb) AS x(system text, "externalId" text)
       WHERE l.partner_id = $1 AND l.system = x.system AND l.external_id = x."externalId"`,
      [partnerId, JSON.stringify(links)],
    );
  }

  /** The duplicate, and every partner merged into it before, now count for the survivor's root. */
  async merge(duplicateId: string, survivorId: string, links: readonly unknown[]): Promise<void> {
    const aliases = this.table(T.aliases);
    await this.query(
      `WITH target AS (SELECT COALESCE((SELECT root_id FROM ${aliases} WHERE partner_id = $2), $2) AS root_id),
       moved AS (UPDATE ${aliases} SET root_id = (SELECT root_id FROM target) WHERE root_id = $1)
       INSERT INTO ${aliases} (partner_id, merged_into, root_id) SELECT $1, $2, root_id FROM target
       ON CONFLICT (partner_id) DO UPDATE SET merged_into = EXCLUDED.merged_into, root_id = EXCLUDED.root_id`,
      [duplicateId, survivorId],
    );
    await this.query(
      `WITH moved AS (
         DELETE FROM ${this.table(T.externalLinks)} l
         USING jsonb_to_recordset($3::jsonb) AS x(system text, "externalId" text)
         WHERE l.partner_id = $1 AND l.system = x.system AND l.external_id = x."externalId")
       UPDATE ${this.table(T.profiles)} SET merged_into = $2 WHERE partner_id = $1`,
      [duplicateId, survivorId, JSON.stringify(links)],
    );
  }

  /** The duplicate is its own root again, and so is everything that was merged into it. */
  async undoMerge(duplicateId: string, links: readonly unknown[]): Promise<void> {
    const aliases = this.table(T.aliases);
    await this.query(
      `WITH RECURSIVE under(partner_id) AS (
         SELECT partner_id FROM ${aliases} WHERE merged_into = $1
         UNION SELECT a.partner_id FROM ${aliases} a JOIN under u ON a.merged_into = u.partner_id),
       restored AS (UPDATE ${aliases} SET root_id = $1 WHERE partner_id IN (SELECT partner_id FROM under))
       DELETE FROM ${aliases} WHERE partner_id = $1`,
      [duplicateId],
    );
    await this.query(
      `WITH back AS (
         INSERT INTO ${this.table(T.externalLinks)} (partner_id, system, external_id)
         SELECT $1, x.system, x."externalId" FROM jsonb_to_recordset($2::jsonb) AS x(system text, "externalId" text)
         ON CONFLICT DO NOTHING)
       UPDATE ${this.table(T.profiles)} SET merged_into = NULL WHERE partner_id = $1`,
      [duplicateId, JSON.stringify(links)],
    );
  }

  task(taskId: string, partnerId: string, open: boolean): Promise<unknown> {
    return this.query(
      `INSERT INTO ${this.table(T.tasks)} (task_id, partner_id, open) VALUES ($1, $2, $3)
       ON CONFLICT (task_id) DO UPDATE SET open = EXCLUDED.open`,
      [taskId, partnerId, open],
    );
  }
}

const linkRows = (partnerId: string, links: readonly unknown[]): Record<string, unknown>[] =>
  (links as readonly { system?: unknown; externalId?: unknown }[]).map((link) => ({
    partner_id: partnerId,
    system: link.system ?? null,
    external_id: link.externalId ?? null,
  }));

/**
 * The same writes as `Partner360Writer`, folded into a batch; merges and renames (they read other rows)
 * run in place, in order, as the single-event statements.
 */
export class Partner360BatchWrites implements Partner360Writes {
  constructor(
    private readonly writer: BatchWriter,
    private readonly at: string,
  ) {}

  private day(text: string): string {
    return dayOf(text, this.at.slice(0, 10));
  }

  private inPlace(write: (writes: Partner360Writer) => Promise<unknown>): Promise<void> {
    this.writer.raw((scope) => write(new Partner360Writer(scope, this.at)));
    return Promise.resolve();
  }

  register(profile: NewProfile): Promise<unknown> {
    const { partnerId, name, webDomain, industry, region, tier, registeredVia } = profile;
    this.writer.insert(batchTables.profiles, {
      partner_id: partnerId,
      name,
      sort_name: foldText(name),
      search_text: searchTextOf(name, webDomain),
      web_domain: webDomain ?? null,
      industry: industry ?? null,
      region: region ?? null,
      tier,
      registered_via: registeredVia,
      registered_at: this.at,
    });
    return Promise.resolve();
  }

  rename(partnerId: string, name: string): Promise<unknown> {
    return this.inPlace((writes) => writes.rename(partnerId, name));
  }

  insertItem(row: NewItem): Promise<unknown> {
    this.writer.insert(batchTables.engagements, {
      item: row.item,
      item_id: row.itemId,
      partner_id: row.partnerId,
      line: engagementItems[row.item],
      kind: row.kind ?? null,
      title: row.title ?? null,
      status: row.status,
      starts_on: this.day(row.startsOn),
      ends_on: row.endsOn === undefined ? null : this.day(row.endsOn),
      value_amount: row.value?.amount ?? null,
      value_currency: row.value?.currency ?? null,
      outstanding_amount: row.outstanding ?? null,
      seats: row.seats ?? null,
      recruiters: row.recruiters ?? null,
      occurred_at: this.at,
      last_event_at: this.at,
    });
    return Promise.resolve();
  }

  updateItem(item: EngagementItem, itemId: string, changes: ItemChanges): Promise<unknown> {
    const days = Object.entries(changes).map(([column, value]): [string, unknown] =>
      column.endsWith('_on') && typeof value === 'string' ? [column, this.day(value)] : [column, value],
    );
    this.writer.update(
      batchTables.engagements,
      { item, item_id: itemId },
      { ...Object.fromEntries(days), last_event_at: greatest(this.at) },
    );
    return Promise.resolve();
  }

  updateProfile(partnerId: string, changes: Record<string, string | null>): Promise<unknown> {
    this.writer.update(batchTables.profiles, { partner_id: partnerId }, changes);
    return Promise.resolve();
  }

  addLinks(partnerId: string, links: readonly unknown[]): Promise<unknown> {
    for (const row of linkRows(partnerId, links)) this.writer.insert(batchTables.externalLinks, row);
    return Promise.resolve();
  }

  removeLinks(partnerId: string, links: readonly unknown[]): Promise<unknown> {
    for (const row of linkRows(partnerId, links)) this.writer.delete(batchTables.externalLinks, row);
    return Promise.resolve();
  }

  merge(duplicateId: string, survivorId: string, links: readonly unknown[]): Promise<unknown> {
    return this.inPlace((writes) => writes.merge(duplicateId, survivorId, links));
  }

  undoMerge(duplicateId: string, links: readonly unknown[]): Promise<unknown> {
    return this.inPlace((writes) => writes.undoMerge(duplicateId, links));
  }

  task(taskId: string, partnerId: string, open: boolean): Promise<unknown> {
    this.writer.upsert(batchTables.tasks, { task_id: taskId, partner_id: partnerId, open }, { open });
    return Promise.resolve();
  }
}
