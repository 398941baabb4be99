// The partner 360's tables: their DDL, and the column types the batch writes need.
import type { BatchTable, ProjectionScope } from '@continuum/projections';
import { pointItems } from './continuum-lines';

export const partner360Tables = {
  profiles: 'partner_profiles',
  externalLinks: 'partner_external_links',
  /** partner → the partner its lines count for now (after merges, transitively); absent = itself. */
  aliases: 'partner_aliases',
  engagements: 'partner_engagements',
  tasks: 'partner_tasks',
} as const;

const T = partner360Tables;
const pointList = pointItems.map((item) => `'${item}'`).join(', ');

export async function setupPartner360Tables({ manager, table }: ProjectionScope): Promise<void> {
  await manager.query(`CREATE TABLE IF NOT EXISTS ${table(T.profiles)} (
    partner_id text PRIMARY KEY,
    name text NOT NULL,
    sort_name text COLLATE "C" NOT NULL,
    search_text text NOT NULL,
    web_domain text,
    industry text,
    region text,
    tier text NOT NULL,
    registered_via text NOT NULL,
    owner_id text,
    sponsor_id text,
    merged_into text,
    registered_at timestamptz NOT NULL)`);
  await manager.query(
    `CREATE INDEX IF NOT EXISTS ${T.profiles}_by_name ON ${table(T.profiles)} (sort_name, partner_id) WHERE merged_into IS NULL`,
  );
  await manager.query(`CREATE TABLE IF NOT EXISTS ${table(T.externalLinks)} (
    partner_id text NOT NULL,
    system text NOT NULL,
    external_id text NOT NULL,
    PRIMARY KEY (partner_id, system, external_id))`);
  // Campus identity resolution looks companies up by their campus key and by web domain.
  await manager.query(
    `CREATE INDEX IF NOT EXISTS ${T.externalLinks}_by_key ON ${table(T.externalLinks)} (system, external_id)`,
  );
  await manager.query(
    `CREATE INDEX IF NOT EXISTS ${T.profiles}_by_domain ON ${table(T.profiles)} (web_domain) WHERE merged_into IS NULL`,
  );
  await manager.query(`CREATE TABLE IF NOT EXISTS ${table(T.aliases)} (
    partner_id text PRIMARY KEY,
    merged_into text NOT NULL,
    root_id text NOT NULL)`);
  await manager.query(`CREATE INDEX IF NOT EXISTS ${T.aliases}_by_root ON ${table(T.aliases)} (root_id)`);
  await manager.query(
    `CREATE INDEX IF NOT EXISTS ${T.aliases}_by_survivor ON ${table(T.aliases)} (merged_into)`,
  );
  // Dated facts, not running totals: "this fiscal year" or "the last 24 months" are cut at query time.
  await manager.query(`CREATE TABLE IF NOT EXISTS ${table(T.engagements)} (
    item text NOT NULL,
    item_id text NOT NULL,
    partner_id text NOT NULL,
    line text NOT NULL,
    kind text,
    title text,
    status text NOT NULL,
    starts_on date NOT NULL,
    ends_on date,
    closed_on date,
    hired_on date,
    value_amount numeric,
    value_currency text,
    outstanding_amount numeric,
    seats integer,
    recruiters integer,
    occurred_at timestamptz NOT NULL,
    last_event_at timestamptz NOT NULL,
    active_until date GENERATED ALWAYS AS (
      CASE WHEN item IN (${pointList}) THEN starts_on ELSE GREATEST(COALESCE(closed_on, ends_on), hired_on) END
    ) STORED,
    PRIMARY KEY (item, item_id))`);
  await manager.query(
    `CREATE INDEX IF NOT EXISTS ${T.engagements}_by_partner ON ${table(T.engagements)} (partner_id, item)`,
  );
  await manager.query(`CREATE TABLE IF NOT EXISTS ${table(T.tasks)} (
    task_id text PRIMARY KEY,
    partner_id text NOT NULL,
    open boolean NOT NULL)`);
  await manager.query(
    `CREATE INDEX IF NOT EXISTS ${T.tasks}_open_by_partner ON ${table(T.tasks)} (partner_id) WHERE open`,
  );
}

export const batchTables = {
  profiles: {
    name: T.profiles,
    key: ['partner_id'],
    columns: {
      partner_id: 'text',
      name: 'text',
      sort_name: 'text',
      search_text: 'text',
      web_domain: 'text',
      industry: 'text',
      region: 'text',
      tier: 'text',
      registered_via: 'text',
      owner_id: 'text',
      sponsor_id: 'text',
      merged_into: 'text',
      registered_at: 'timestamptz',
    },
  },
  externalLinks: {
    name: T.externalLinks,
    key: ['partner_id', 'system', 'external_id'],
    columns: { partner_id: 'text', system: 'text', external_id: 'text' },
  },
  engagements: {
    name: T.engagements,
    key: ['item', 'item_id'],
    columns: {
      item: 'text',
      item_id: 'text',
      partner_id: 'text',
      line: 'text',
      kind: 'text',
      title: 'text',
      status: 'text',
      starts_on: 'date',
      ends_on: 'date',
      closed_on: 'date',
      hired_on: 'date',
      value_amount: 'numeric',
      value_currency: 'text',
      outstanding_amount: 'numeric',
      seats: 'integer',
      recruiters: 'integer',
      occurred_at: 'timestamptz',
      last_event_at: 'timestamptz',
    },
  },
  tasks: {
    name: T.tasks,
    key: ['task_id'],
    columns: { task_id: 'text', partner_id: 'text', open: 'boolean' },
  },
} satisfies Record<string, BatchTable>;
