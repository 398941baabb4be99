import type { RecordedEvent } from '@continuum/event-store';
import { BatchWriter, type BatchTable, type Projection, type ProjectionScope } from '@continuum/projections';
import { portfolioFactsOf, portfolioStreamCategories, type PortfolioFact } from './portfolio-facts';

export const PORTFOLIO_PROJECTION = 'portfolio';

/** Tables (and read_models views) of the portfolio. */
export const portfolioTables = {
  items: 'portfolio_items',
  pledgeBalance: 'portfolio_pledge_balance',
  activity: 'portfolio_activity',
  partners: 'portfolio_partners',
} as const;

const { items, pledgeBalance, activity, partners } = portfolioTables;

const batchTables = {
  items: {
    name: items,
    key: ['item_key'],
    columns: {
      item_key: 'text',
      item: 'text',
      line: 'text',
      partner_id: 'text',
      on_day: 'date',
      subtype: 'text',
      amount: 'numeric',
      currency: 'text',
      quantity: 'integer',
    },
  },
  pledgeBalance: {
    name: pledgeBalance,
    key: ['entry_id'],
    columns: {
      entry_id: 'text',
      pledge_id: 'text',
      partner_id: 'text',
      on_day: 'date',
      currency: 'text',
      change: 'numeric',
    },
  },
  activity: {
    name: activity,
    key: ['event_id'],
    columns: { event_id: 'text', partner_id: 'text', line: 'text', on_day: 'date' },
  },
  partners: {
    name: partners,
    key: ['partner_id'],
    columns: { partner_id: 'text', name: 'text', tier: 'text', survivor_id: 'text' },
  },
} satisfies Record<string, BatchTable>;

/** `record` as batch writes: the same rows and changes, folded into a few statements. */
function writeFact(writer: BatchWriter, fact: PortfolioFact): void {
  const t = batchTables;
  switch (fact.fact) {
    case 'item':
      writer.insert(t.items, {
        item_key: fact.key,
        item: fact.item,
        line: fact.line,
        partner_id: fact.partnerId,
        on_day: fact.onDay,
        subtype: fact.subtype ?? null,
        amount: fact.money?.amount ?? null,
        currency: fact.money?.currency ?? null,
        quantity: fact.quantity ?? null,
      });
      return;
    case 'item-money':
      writer.update(
        t.items,
        { item_key: fact.key },
        { amount: fact.money.amount, currency: fact.money.currency },
      );
      return;
    case 'item-quantity':
      writer.update(t.items, { item_key: fact.key }, { quantity: fact.quantity });
      return;
    case 'pledge-balance':
      writer.insert(t.pledgeBalance, {
        entry_id: fact.entryId,
        pledge_id: fact.pledgeId,
        partner_id: fact.partnerId,
        on_day: fact.onDay,
        currency: fact.change.currency,
        change: fact.change.amount,
      });
      return;
    case 'activity':
      writer.insert(t.activity, {
        event_id: fact.eventId,
        partner_id: fact.partnerId,
        line: fact.line,
        on_day: fact.onDay,
      });
      return;
    case 'partner-name':
      writer.upsert(t.partners, { partner_id: fact.partnerId, name: fact.name }, { name: fact.name });
      return;
    case 'partner-tier':
      writer.upsert(t.partners, { partner_id: fact.partnerId, tier: fact.tier }, { tier: fact.tier });
      return;
    case 'partner-merge':
      writer.upsert(
        t.partners,
        { partner_id: fact.partnerId, survivor_id: fact.survivorId },
        { survivor_id: fact.survivorId },
      );
      return;
  }
}

/**
 * Dated facts of every continuum line, so any fiscal year (whatever month it starts in) is a
 * query-time window; partner merges are resolved at query time too, so an undo needs no rebuild.
 */
export const portfolioProjection: Projection = {
  name: PORTFOLIO_PROJECTION,
  tables: Object.values(portfolioTables),
  filter: { streamCategories: portfolioStreamCategories },

  async setup({ manager, table }: ProjectionScope) {
    await manager.query(`CREATE TABLE IF NOT EXISTS ${table(items)} (
      item_key text PRIMARY KEY,
      item text NOT NULL,
      line text NOT NULL,
      partner_id text NOT NULL,
      on_day date NOT NULL,
      subtype text,
      amount numeric,
      currency text,
      quantity integer)`);
    await manager.query(`CREATE INDEX IF NOT EXISTS ${items}_day ON ${table(items)} (on_day, item)`);
    await manager.query(`CREATE TABLE IF NOT EXISTS ${table(pledgeBalance)} (
      entry_id text PRIMARY KEY,
      pledge_id text NOT NULL,
      partner_id text NOT NULL,
      on_day date NOT NULL,
      currency text NOT NULL,
      change numeric NOT NULL)`);
    await manager.query(
      `CREATE INDEX IF NOT EXISTS ${pledgeBalance}_day ON ${table(pledgeBalance)} (on_day)`,
    );
    await manager.query(`CREATE TABLE IF NOT EXISTS ${table(activity)} (
      event_id text PRIMARY KEY,
      partner_id text NOT NULL,
      line text NOT NULL,
      on_day date NOT NULL)`);
    await manager.query(
      `CREATE INDEX IF NOT EXISTS ${activity}_day ON ${table(activity)} (on_day, partner_id)`,
    );
    await manager.query(`CREATE TABLE IF NOT EXISTS ${table(partners)} (
      partner_id text PRIMARY KEY,
      name text,
      tier text,
      survivor_id text)`);
    await manager.query(
      `CREATE INDEX IF NOT EXISTS ${partners}_tier ON ${table(partners)} (tier) WHERE survivor_id IS NULL`,
    );
  },

  async apply(scope: ProjectionScope, event: RecordedEvent) {
    for (const fact of portfolioFactsOf(event)) await record(scope, fact);
  },

  async applyBatch(scope: ProjectionScope, events: readonly RecordedEvent[]) {
    const writer = new BatchWriter(scope);
    for (const event of events) for (const fact of portfolioFactsOf(event)) writeFact(writer, fact);
    await writer.flush();
  },
};

async function record({ manager, table }: ProjectionScope, fact: PortfolioFact): Promise<void> {
  switch (fact.fact) {
    case 'item':
      // A redelivered recording carries the same key: the first one stands.
      await manager.query(
        `INSERT INTO ${table(items)}
           (item_key, item, line, partner_id, on_day, subtype, amount, currency, quantity)
         VALUES ($1, $2, $3, $4, $5::date, $6, $7::numeric, $8, $9) ON CONFLICT (item_key) DO NOTHING`,
        [
          fact.key,
          fact.item,
          fact.line,
          fact.partnerId,
          fact.onDay,
          fact.subtype ?? null,
          fact.money?.amount ?? null,
          fact.money?.currency ?? null,
          fact.quantity ?? null,
        ],
      );
      return;
    case 'item-money':
      await manager.query(
        `UPDATE ${table(items)} SET amount = $2::numeric, currency = $3 WHERE item_key = $1`,
        [fact.key, fact.money.amount, fact.money.currency],
      );
      return;
    case 'item-quantity':
      await manager.query(`UPDATE ${table(items)} SET quantity = $2 WHERE item_key = $1`, [
        fact.key,
        fact.quantity,
      ]);
      return;
    case 'pledge-balance':
      await manager.query(
        `INSERT INTO ${table(pledgeBalance)} (entry_id, pledge_id, partner_id, on_day, currency, change)
         VALUES ($1, $2, $3, $4::date, $5, $6::numeric) ON CONFLICT (entry_id) DO NOTHING`,
        [fact.entryId, fact.pledgeId, fact.partnerId, fact.onDay, fact.change.currency, fact.change.amount],
      );
      return;
    case 'activity':
      await manager.query(
        `INSERT INTO ${table(activity)} (event_id, partner_id, line, on_day)
         VALUES ($1, $2, $3, $4::date) ON CONFLICT (event_id) DO NOTHING`,
        [fact.eventId, fact.partnerId, fact.line, fact.onDay],
      );
      return;
    case 'partner-name':
      await manager.query(
        `INSERT INTO ${table(partners)} (partner_id, name) VALUES ($1, $2)
         ON CONFLICT (partner_id) DO UPDATE SET name = EXCLUDED.name`,
        [fact.partnerId, fact.name],
      );
      return;
    case 'partner-tier':
      await manager.query(
        `INSERT INTO ${table(partners)} (partner_id, tier) VALUES ($1, $2)
         ON CONFLICT (partner_id) DO UPDATE SET tier = EXCLUDED.tier`,
        [fact.partnerId, fact.tier],
      );
      return;
    case 'partner-merge':
      await manager.query(
        `INSERT INTO ${table(partners)} (partner_id, survivor_id) VALUES ($1, $2)
         ON CONFLICT (partner_id) DO UPDATE SET survivor_id = EXCLUDED.survivor_id`,
        [fact.partnerId, fact.survivorId],
      );
      return;
  }
}
