import { comparePositions, type GlobalPosition, type SqlQuery } from '@continuum/event-store';
import type { PartnerHistoryReader, TimeBasis } from './history-reader';
import { occurredAtOf } from './partner-index.projection';
import { PartnerFactsFold, type PartnerFacts } from './partner-state';

/** Bump when the fold changes what it produces: older snapshots are then ignored (and rebuilt). */
export const PARTNER_FACTS_VERSION = 1;

export interface PartnerSnapshot {
  readonly position: GlobalPosition;
  readonly facts: PartnerFacts;
  /** Every event up to `position` that counts for the moment it serves happened by then (ISO time). */
  readonly occurredBy?: string;
}

interface SnapshotRow {
  commit_position: string;
  prepare_position: string;
  facts: string;
}

/**
 * A cache of the fold, for speed only: the facts after every `spacing` events of a partner (with its
 * merged duplicates), each with the latest recorded and business time among the events it covers. A
 * snapshot serves an as-of moment only when every event it covers lies at or before that moment on the
 * asked basis, so "snapshot + the later events up to the moment" is exactly the fold of those events.
 */
export class PartnerSnapshots {
  private ready: Promise<void> | undefined;

  constructor(
    private readonly query: SqlQuery,
    private readonly spacing = 500,
    private readonly options: { readonly keptAnswers?: number; readonly rememberAfter?: number } = {},
  ) {}

  private migrate(): Promise<void> {
    this.ready ??= (async () => {
      await this.query('CREATE SCHEMA IF NOT EXISTS audit', []);
      await this.query(
        `CREATE TABLE IF NOT EXISTS audit.partner_snapshots (
           partner_key text NOT NULL,
           commit_position bigint NOT NULL,
           prepare_position bigint NOT NULL,
           max_recorded_at timestamptz NOT NULL,
           max_occurred_at timestamptz NOT NULL,
           facts text NOT NULL,
           created_at timestamptz NOT NULL DEFAULT now(),
           PRIMARY KEY (partner_key, commit_position, prepare_position))`,
        [],
      );
      // By business time: the fold of the events up to a position that happened by a cut; several cuts
      // per position (a 'cut' every `spacing` events, an 'answer' left by each long as-of fold).
      await this.query(
        `CREATE TABLE IF NOT EXISTS audit.partner_cut_snapshots (
           partner_key text NOT NULL,
           commit_position bigint NOT NULL,
           prepare_position bigint NOT NULL,
           cut timestamptz NOT NULL,
           kind text NOT NULL CHECK (kind IN ('cut', 'answer')),
           facts text NOT NULL,
           created_at timestamptz NOT NULL DEFAULT now(),
           PRIMARY KEY (partner_key, commit_position, prepare_position, cut))`,
        [],
      );
    })();
    return this.ready;
  }

  /** The fold version and the exact set of partners folded together. */
  keyOf(partnerIds: readonly string[]): string {
    return `v${PARTNER_FACTS_VERSION}:${[...partnerIds].sort().join(',')}`;
  }

  /** The latest snapshot whose every event lies at or before `asOf` on `basis`. */
  async usableFor(
    partnerIds: readonly string[],
    asOf: Date,
    basis: TimeBasis,
  ): Promise<PartnerSnapshot | undefined> {
    await this.migrate();
    const clock = basis === 'occurred' ? 'max_occurred_at' : 'max_recorded_at';
    const rows = await this.query<SnapshotRow & { max_occurred_at: Date }>(
      `SELECT commit_position, prepare_position, facts, max_occurred_at FROM audit.partner_snapshots
       WHERE partner_key = $1 AND ${clock} <= $2 ORDER BY commit_position DESC, prepare_position DESC LIMIT 1`,
      [this.keyOf(partnerIds), asOf.toISOString()],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      position: { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) },
      facts: JSON.parse(row.facts) as PartnerFacts,
      occurredBy: row.max_occurred_at.toISOString(),
    };
  }

  /**
   * By business time a recorded-order snapshot is often unusable (one event dated later than the moment
   * spoils it), so there is a second kind: at position P with cut C, the fold of the events up to P that
   * happened by C. It serves a moment T >= C when no event up to P happened in (C, T]: then the events
   * up to P that happened by T are exactly those, and the later ones follow in global order. Of the few
   * latest, nearest-cut and newest candidates, the one with the latest position that passes the check wins.
   */
  async usableForOccurred(
    partnerIds: readonly string[],
    history: PartnerHistoryReader,
    asOf: Date,
  ): Promise<PartnerSnapshot | undefined> {
    await this.migrate();
    const candidates = await this.query<{ commit_position: string; prepare_position: string; cut: Date }>(
      `SELECT * FROM (
         (SELECT commit_position, prepare_position, cut FROM audit.partner_cut_snapshots
          WHERE partner_key = $1 AND cut <= $2 ORDER BY commit_position DESC, prepare_position DESC LIMIT 6)
         UNION
         -- The cut nearest the moment is the likeliest to have no event between it and the moment.
         (SELECT commit_position, prepare_position, cut FROM audit.partner_cut_snapshots
          WHERE partner_key = $1 AND cut <= $2 ORDER BY cut DESC LIMIT 6)
         UNION
         -- The latest answers, with the deeper midway ones of the last fold among them.
         (SELECT commit_position, prepare_position, cut FROM audit.partner_cut_snapshots
          WHERE partner_key = $1 AND cut <= $2 AND kind = 'answer' ORDER BY created_at DESC LIMIT 6)) candidate
       ORDER BY commit_position DESC, prepare_position DESC, cut DESC`,
      [this.keyOf(partnerIds), asOf.toISOString()],
    );
    for (const candidate of candidates) {
      const position = {
        commit: BigInt(candidate.commit_position),
        prepare: BigInt(candidate.prepare_position),
      };
      if (await history.occurredBetween(partnerIds, position, candidate.cut, asOf)) continue;
      const [row] = await this.query<{ facts: string }>(
        `SELECT facts FROM audit.partner_cut_snapshots
         WHERE partner_key = $1 AND commit_position = $2 AND prepare_position = $3 AND cut = $4`,
        [this.keyOf(partnerIds), candidate.commit_position, candidate.prepare_position, candidate.cut],
      );
      if (row)
        return {
          position,
          facts: JSON.parse(row.facts) as PartnerFacts,
          occurredBy: candidate.cut.toISOString(),
        };
    }
    return undefined;
  }

  /**
   * Adds business-time snapshots for every `spacing` events indexed since the last one: cut k at the
   * k-th new position, with that event's business time. One read of the history feeds all new cuts.
   */
  async extendOccurred(
    partnerId: string,
    partnerIds: readonly string[],
    history: PartnerHistoryReader,
  ): Promise<void> {
    await this.migrate();
    const key = this.keyOf(partnerIds);
    const [latest] = await this.query<{ commit_position: string; prepare_position: string }>(
      `SELECT commit_position, prepare_position FROM audit.partner_cut_snapshots
       WHERE partner_key = $1 AND kind = 'cut' ORDER BY commit_position DESC, prepare_position DESC LIMIT 1`,
      [key],
    );
    const after = latest
      ? { commit: BigInt(latest.commit_position), prepare: BigInt(latest.prepare_position) }
      : undefined;
    const timeline = await history.timeline(partnerIds, after);
    const cuts = timeline
      .filter((_, index) => index % this.spacing === this.spacing - 1)
      .map((point) => ({ ...point, fold: new PartnerFactsFold(partnerId) }));
    const lastCut = cuts[cuts.length - 1];
    if (!lastCut) return;
    const latestCut = new Date(Math.max(...cuts.map((cut) => cut.occurredAt.getTime())));
    const events = history.eventsOfPartners(
      partnerIds,
      { basis: 'occurred', to: latestCut },
      undefined,
      2000,
    );
    for await (const { event } of events) {
      if (comparePositions(event.position, lastCut.position) > 0) break;
      const occurred = occurredAtOf(event);
      for (const cut of cuts)
        if (comparePositions(event.position, cut.position) <= 0 && occurred <= cut.occurredAt.toISOString())
          cut.fold.add(event);
    }
    for (const cut of cuts)
      await this.query(
        `INSERT INTO audit.partner_cut_snapshots (partner_key, commit_position, prepare_position, cut, kind, facts)
         VALUES ($1, $2, $3, $4, 'cut', $5) ON CONFLICT DO NOTHING`,
        [
          key,
          cut.position.commit.toString(),
          cut.position.prepare.toString(),
          cut.occurredAt.toISOString(),
          JSON.stringify(cut.fold.facts),
        ],
      );
  }

  /**
   * Keeps a long as-of fold by business time: `facts` is the fold of the events up to `position` that
   * happened by `cut`, where `cut` is the latest business time among them, so it serves every later
   * moment before the next business time among the events up to `position` (the repeated question,
   * and every moment in the same gap).
   */
  async rememberOccurred(
    partnerIds: readonly string[],
    position: GlobalPosition,
    cut: string,
    facts: PartnerFacts,
  ): Promise<void> {
    await this.migrate();
    await this.query(
      `INSERT INTO audit.partner_cut_snapshots (partner_key, commit_position, prepare_position, cut, kind, facts)
       VALUES ($1, $2, $3, $4, 'answer', $5) ON CONFLICT DO NOTHING`,
      [
        this.keyOf(partnerIds),
        position.commit.toString(),
        position.prepare.toString(),
        cut,
        JSON.stringify(facts),
      ],
    );
    // A cache, not a record: the latest answers per partner set are enough.
    await this.query(
      `DELETE FROM audit.partner_cut_snapshots WHERE partner_key = $1 AND kind = 'answer' AND created_at < (
         SELECT created_at FROM audit.partner_cut_snapshots WHERE partner_key = $1 AND kind = 'answer'
         ORDER BY created_at DESC OFFSET $2 LIMIT 1)`,
      [this.keyOf(partnerIds), (this.options.keptAnswers ?? 100) - 1],
    );
  }

  /** How many events a fold must have read past its snapshot before its answer is worth keeping. */
  get rememberAfter(): number {
    return this.options.rememberAfter ?? this.spacing;
  }

  /** Extends the snapshots over events indexed since the last one, when there are at least `spacing` more. */
  async extend(
    partnerId: string,
    partnerIds: readonly string[],
    history: PartnerHistoryReader,
  ): Promise<void> {
    await this.migrate();
    const key = this.keyOf(partnerIds);
    const latestPosition = await this.latestPosition(key);
    if ((await history.countAfter(partnerIds, latestPosition)) < this.spacing) return;
    const latest = await this.latest(key);
    const fold = new PartnerFactsFold(partnerId, latest?.facts);
    const bounds = await this.boundsOf(key, latest?.position);
    let maxRecorded = bounds.recorded;
    let maxOccurred = bounds.occurred;
    let sinceLast = 0;
    for await (const { event } of history.eventsOfPartners(partnerIds, {}, latest?.position, 2000)) {
      fold.add(event);
      const recorded = event.recordedAt.toISOString();
      const occurred = occurredAtOf(event);
      if (recorded > maxRecorded) maxRecorded = recorded;
      if (occurred > maxOccurred) maxOccurred = occurred;
      sinceLast += 1;
      if (sinceLast < this.spacing) continue;
      sinceLast = 0;
      await this.query(
        `INSERT INTO audit.partner_snapshots (partner_key, commit_position, prepare_position, max_recorded_at,
           max_occurred_at, facts) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [
          key,
          event.position.commit.toString(),
          event.position.prepare.toString(),
          maxRecorded,
          maxOccurred,
          JSON.stringify(fold.facts),
        ],
      );
    }
  }

  private async latestPosition(key: string): Promise<GlobalPosition | undefined> {
    const rows = await this.query<Omit<SnapshotRow, 'facts'>>(
      `SELECT commit_position, prepare_position FROM audit.partner_snapshots
       WHERE partner_key = $1 ORDER BY commit_position DESC, prepare_position DESC LIMIT 1`,
      [key],
    );
    const row = rows[0];
    return row ? { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) } : undefined;
  }

  private async latest(key: string): Promise<PartnerSnapshot | undefined> {
    const rows = await this.query<SnapshotRow>(
      `SELECT commit_position, prepare_position, facts FROM audit.partner_snapshots
       WHERE partner_key = $1 ORDER BY commit_position DESC, prepare_position DESC LIMIT 1`,
      [key],
    );
    const row = rows[0];
    return row
      ? {
          position: { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) },
          facts: JSON.parse(row.facts) as PartnerFacts,
        }
      : undefined;
  }

  private async boundsOf(
    key: string,
    at: GlobalPosition | undefined,
  ): Promise<{ recorded: string; occurred: string }> {
    const none = { recorded: new Date(0).toISOString(), occurred: new Date(0).toISOString() };
    if (!at) return none;
    const rows = await this.query<{ max_recorded_at: Date; max_occurred_at: Date }>(
      `SELECT max_recorded_at, max_occurred_at FROM audit.partner_snapshots
       WHERE partner_key = $1 AND commit_position = $2 AND prepare_position = $3`,
      [key, at.commit.toString(), at.prepare.toString()],
    );
    const row = rows[0];
    return row
      ? { recorded: row.max_recorded_at.toISOString(), occurred: row.max_occurred_at.toISOString() }
      : none;
  }
}
