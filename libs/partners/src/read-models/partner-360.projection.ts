import type { RecordedEvent } from '@continuum/event-store';
import type { Money } from '@continuum/kernel';
import {
  BatchWriter,
  greatest,
  type BatchTable,
  type Projection,
  type ProjectionScope,
} from '@continuum/projections';
import { dayOf, engagementItems, pointItems, type EngagementItem } from './continuum-lines';
import { partnerViewCategories, viewEventOf } from './partner-view-events';
import { foldText, nameSearchTextOf, searchTextOf } from './partner-search';

export const PARTNER_360_PROJECTION = 'partner-360';

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

async function setup({ manager, table }: ProjectionScope): Promise<void> {
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
interface Partner360Writes {
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
class Partner360Writer implements Partner360Writes {
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

async function apply(scope: ProjectionScope, recorded: RecordedEvent): Promise<void> {
  await route(recorded, (at) => new Partner360Writer(scope, at));
}

/** Sends one event's writes to the writer for its business time. */
async function route(recorded: RecordedEvent, writerAt: (at: string) => Partner360Writes): Promise<void> {
  const view = viewEventOf(recorded);
  if (!view) return;
  const { event, at } = view;
  const write = writerAt(at);
  switch (event.type) {
    case 'PartnerRegistered':
      await write.register(event.data);
      return;
    case 'PartnerRenamed':
      await write.rename(event.data.partnerId, event.data.name);
      return;
    case 'ExternalRecordLinked':
      await write.addLinks(event.data.partnerId, [event.data]);
      return;
    case 'ExternalRecordUnlinked':
      await write.removeLinks(event.data.partnerId, [event.data]);
      return;
    case 'RelationshipOwnerAssigned':
      await write.updateProfile(event.data.partnerId, { owner_id: event.data.staffId });
      return;
    case 'ExecutiveSponsorAssigned':
      await write.updateProfile(event.data.partnerId, { sponsor_id: event.data.staffId });
      return;
    case 'TierChanged':
      await write.updateProfile(event.data.partnerId, { tier: event.data.to });
      return;
    case 'ContactAffiliated':
    case 'ContactPermissionChanged':
    case 'ContactAffiliationEnded':
      return;
    case 'InteractionLogged': {
      const { interactionId, partnerId, kind, summary, occurredAt } = event.data;
      const interactionAt = Number.isNaN(Date.parse(occurredAt)) ? at : new Date(occurredAt).toISOString();
      await writerAt(interactionAt).insertItem({
        item: 'interaction',
        itemId: interactionId,
        partnerId,
        kind,
        title: summary,
        status: 'logged',
        startsOn: interactionAt,
      });
      return;
    }
    case 'PartnerMergedInto':
      await write.merge(event.data.partnerId, event.data.survivorId, event.data.externalLinks);
      return;
    case 'DuplicateAbsorbed':
      await write.addLinks(event.data.partnerId, event.data.externalLinks);
      return;
    case 'PartnerMergeUndone':
      await write.undoMerge(event.data.partnerId, event.data.externalLinks);
      return;
    case 'DuplicateReleased':
      await write.removeLinks(event.data.partnerId, event.data.externalLinks);
      return;

    case 'AgreementSigned': {
      const { agreementId, partnerId, kind, title, value, effectiveDate, endDate } = event.data;
      await write.insertItem({
        item: 'agreement',
        itemId: agreementId,
        partnerId,
        kind,
        title,
        status: 'active',
        startsOn: effectiveDate,
        endsOn: endDate,
        value,
      });
      return;
    }
    case 'AgreementAmended': {
      const { agreementId, endDate, value } = event.data;
      await write.updateItem('agreement', agreementId, {
        ...(endDate === undefined ? {} : { ends_on: endDate }),
        ...(value === undefined ? {} : { value_amount: value.amount, value_currency: value.currency }),
      });
      return;
    }
    case 'AgreementTerminated':
      await write.updateItem('agreement', event.data.agreementId, {
        status: 'terminated',
        closed_on: event.data.terminatedOn,
      });
      return;
    case 'AgreementExpired':
      await write.updateItem('agreement', event.data.agreementId, {
        status: 'expired',
        closed_on: event.data.endDate,
      });
      return;

    case 'InternPlaced': {
      const { placementId, partnerId, program, role, startDate, endDate } = event.data;
      await write.insertItem({
        item: 'placement',
        itemId: placementId,
        partnerId,
        kind: program,
        title: role,
        status: 'placed',
        startsOn: startDate,
        endsOn: endDate,
      });
      return;
    }
    case 'PlacementCompleted': {
      const { placementId, outcome, completedOn } = event.data;
      await write.updateItem('placement', placementId, {
        status: outcome === 'ENDED_EARLY' ? 'ended-early' : 'completed',
        ...(completedOn === undefined ? {} : { closed_on: completedOn }),
      });
      return;
    }
    case 'InternConvertedToHire':
      await write.updateItem('placement', event.data.placementId, { hired_on: event.data.hiredOn });
      return;
    case 'RecruitingEventAttended': {
      const { eventId, partnerId, eventName, date, recruiters } = event.data;
      await write.insertItem({
        item: 'recruiting-event',
        itemId: `${eventId}/${partnerId}`,
        partnerId,
        title: eventName,
        status: 'attended',
        startsOn: date,
        recruiters,
      });
      return;
    }

    case 'GiftReceived': {
      const { giftId, partnerId, amount, giftType, designation, receivedOn } = event.data;
      await write.insertItem({
        item: 'gift',
        itemId: giftId,
        partnerId,
        kind: giftType,
        title: designation,
        status: 'received',
        startsOn: receivedOn,
        value: amount,
      });
      return;
    }
    case 'GiftAcknowledged':
      await write.updateItem('gift', event.data.giftId, { status: 'acknowledged' });
      return;
    case 'PledgeMade': {
      const { pledgeId, partnerId, amount, designation, madeOn } = event.data;
      await write.insertItem({
        item: 'pledge',
        itemId: pledgeId,
        partnerId,
        title: designation,
        status: 'open',
        startsOn: madeOn,
        value: amount,
        outstanding: amount.amount,
      });
      return;
    }
    case 'PledgePaymentApplied':
      await write.updateItem('pledge', event.data.pledgeId, {
        outstanding_amount: event.data.outstanding.amount,
      });
      return;
    case 'PledgeFulfilled':
      await write.updateItem('pledge', event.data.pledgeId, {
        status: 'fulfilled',
        outstanding_amount: 0,
        closed_on: event.data.fulfilledOn,
      });
      return;
    case 'PledgeWrittenOff':
      await write.updateItem('pledge', event.data.pledgeId, {
        status: 'written-off',
        outstanding_amount: 0,
        closed_on: event.data.writtenOffOn,
      });
      return;

    case 'AdvisorySeatAccepted': {
      const { boardId, boardName, partnerId, termStart, termEnd } = event.data;
      await write.insertItem({
        item: 'advisory-seat',
        itemId: `${boardId}/${partnerId}/${termStart}`,
        partnerId,
        kind: boardId,
        title: boardName,
        status: 'active',
        startsOn: termStart,
        endsOn: termEnd,
      });
      return;
    }
    case 'AdvisorySeatEnded': {
      const { boardId, partnerId, termStart, endedOn } = event.data;
      await write.updateItem('advisory-seat', `${boardId}/${partnerId}/${termStart}`, {
        status: 'ended',
        closed_on: endedOn,
      });
      return;
    }
    case 'CapstoneSponsored': {
      const { projectId, partnerId, course, term, value } = event.data;
      await write.insertItem({
        item: 'capstone',
        itemId: projectId,
        partnerId,
        kind: term,
        title: course,
        status: 'active',
        // The contract names an academic term, not a day: the sponsorship's business time dates it.
        startsOn: at.slice(0, 10),
        value,
      });
      return;
    }
    case 'CapstoneCompleted':
      await write.updateItem('capstone', event.data.projectId, {
        status: 'completed',
        closed_on: event.data.completedOn,
      });
      return;

    case 'TrainingContractSigned': {
      const { contractId, partnerId, programName, seats, value, startDate, endDate } = event.data;
      await write.insertItem({
        item: 'training-contract',
        itemId: contractId,
        partnerId,
        title: programName,
        status: 'active',
        startsOn: startDate,
        endsOn: endDate,
        value,
        seats,
      });
      return;
    }
    case 'TrainingSeatsChanged':
      await write.updateItem('training-contract', event.data.contractId, { seats: event.data.seats });
      return;
    case 'TrainingContractCompleted':
      await write.updateItem('training-contract', event.data.contractId, {
        status: 'completed',
        closed_on: event.data.completedOn,
      });
      return;

    case 'LicenseExecuted': {
      const { licenseId, partnerId, technology, licenseType, upfrontFee, executedOn } = event.data;
      await write.insertItem({
        item: 'license',
        itemId: licenseId,
        partnerId,
        kind: licenseType,
        title: technology,
        status: 'active',
        startsOn: executedOn,
        value: upfrontFee,
      });
      return;
    }
    case 'LicenseTerminated':
      await write.updateItem('license', event.data.licenseId, {
        status: 'terminated',
        closed_on: event.data.terminatedOn,
      });
      return;

    case 'TaskCreated':
      await write.task(event.data.taskId, event.data.partnerId, true);
      return;
    case 'TaskCompleted':
    case 'TaskCancelled':
      await write.task(event.data.taskId, event.data.partnerId, false);
      return;
    case 'TaskAssigned':
    case 'TaskReassigned':
    case 'TaskStarted':
    case 'TaskEscalated':
      return;
  }
}

const batchTables = {
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
class Partner360BatchWrites implements Partner360Writes {
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

async function applyBatch(scope: ProjectionScope, events: readonly RecordedEvent[]): Promise<void> {
  const writer = new BatchWriter(scope);
  for (const recorded of events) await route(recorded, (at) => new Partner360BatchWrites(writer, at));
  await writer.flush();
}

/**
 * Partner profiles, every continuum line's items as dated facts, merge aliases and open tasks: what
 * the partner 360, the partner list and the engagement score are computed from at query time.
 */
export const partner360Projection: Projection = {
  name: PARTNER_360_PROJECTION,
  tables: Object.values(partner360Tables),
  filter: { streamCategories: partnerViewCategories },
  setup,
  apply,
  applyBatch,
};
