import { ChainVerifier, eventHash, type ChainBreak } from '../integrity';
import type { EventMetadata } from '../port';

/** Runs one SQL statement: a pg Pool's or a TypeORM DataSource's `query`, adapted. */
export type SqlQuery = <Row>(sql: string, parameters: readonly unknown[]) => Promise<Row[]>;

interface HeadRow {
  stream_name: string;
  revision: string;
  head_hash: string | null;
}

interface ChainRow {
  stream_name: string;
  stream_revision: string;
  event_id: string;
  event_type: string;
  data: unknown;
  metadata: EventMetadata;
  hash: string | null;
}

export interface ChainAuditProgress {
  readonly streamsChecked: number;
  readonly eventsChecked: number;
  readonly totalEvents: number;
}

export interface StreamVerification {
  readonly stream: string;
  readonly eventsChecked: number;
  /** The stream head's revision, or undefined when the store has no head for it. */
  readonly headRevision: number | undefined;
  readonly firstBreak: ChainBreak | undefined;
}

export interface StoreVerification {
  readonly streamsChecked: number;
  readonly eventsChecked: number;
  /** The first broken link of every stream that has one, in stream order. */
  readonly breaks: readonly ChainBreak[];
}

const headColumns = `stream_name, revision, last_append_hashes[cardinality(last_append_hashes)] AS head_hash`;
const chainColumns = 'stream_name, stream_revision, event_id, event_type, data, metadata, hash';

const envelopeOf = (row: ChainRow) => ({
  stream: row.stream_name,
  revision: Number(row.stream_revision),
  id: row.event_id,
  type: row.event_type,
  data: row.data,
  metadata: row.metadata,
  hash: row.hash,
});

const headOf = (row: HeadRow) => ({ revision: Number(row.revision), hash: row.head_hash ?? undefined });

/**
 * Checks the PostgreSQL store's hash chains straight from its tables, each stream against its head
 * record, so an edited, deleted or truncated event shows. Reads in pages: any store size fits in memory.
 */
export class PostgresChainAudit {
  constructor(
    private readonly query: SqlQuery,
    private readonly pageSize = 5000,
  ) {}

  async verifyStream(stream: string): Promise<StreamVerification> {
    const heads = await this.query<HeadRow>(
      `SELECT ${headColumns} FROM event_store.streams WHERE stream_name = $1`,
      [stream],
    );
    const verifier = new ChainVerifier(stream);
    let from = -1;
    for (;;) {
      const rows = await this.query<ChainRow>(
        `SELECT ${chainColumns} FROM event_store.events WHERE stream_name = $1 AND stream_revision > $2
         ORDER BY stream_revision LIMIT $3`,
        [stream, from, this.pageSize],
      );
      for (const row of rows) if (!verifier.next(envelopeOf(row))) break;
      if (rows.length < this.pageSize || verifier.firstBreak) break;
      from = Number(rows[rows.length - 1]?.stream_revision ?? from);
    }
    const head = heads[0] ? headOf(heads[0]) : undefined;
    const firstBreak =
      head || verifier.eventsChecked === 0
        ? verifier.finish(head)
        : { stream, reason: 'headless' as const, revision: verifier.eventsChecked - 1 };
    return { stream, eventsChecked: verifier.eventsChecked, headRevision: head?.revision, firstBreak };
  }

  /** Every stream: heads in name order, their events in pages, merged by stream name (all in SQL order). */
  async verifyAll(onProgress?: (progress: ChainAuditProgress) => void): Promise<StoreVerification> {
    const [count] = await this.query<{ total: string }>(
      'SELECT count(*) AS total FROM event_store.events',
      [],
    );
    const totalEvents = Number(count?.total ?? 0);
    const breaks: ChainBreak[] = [];
    let streamsChecked = 0;
    let eventsChecked = 0;
    let afterStream: string | null = null;
    for (;;) {
      const heads: HeadRow[] = await this.query<HeadRow>(
        `SELECT ${headColumns} FROM event_store.streams WHERE $1::text IS NULL OR stream_name > $1
         ORDER BY stream_name LIMIT 500`,
        [afterStream],
      );
      if (heads.length === 0) break;
      const names = heads.map((head) => head.stream_name);
      const verifiers = new Map(names.map((name) => [name, new ChainVerifier(name)]));
      let checkedInPage = 0;
      let cursor: [string, number] = ['', -1];
      for (;;) {
        const rows: ChainRow[] = await this.query<ChainRow>(
          `SELECT ${chainColumns} FROM event_store.events WHERE stream_name = ANY($1::text[])
             AND (stream_name, stream_revision) > ($2, $3)
           ORDER BY stream_name, stream_revision LIMIT $4`,
          [names, cursor[0], cursor[1], this.pageSize],
        );
        for (const row of rows) verifiers.get(row.stream_name)?.next(envelopeOf(row));
        checkedInPage += rows.length;
        const last = rows[rows.length - 1];
        if (last) cursor = [last.stream_name, Number(last.stream_revision)];
        onProgress?.({ streamsChecked, eventsChecked: eventsChecked + checkedInPage, totalEvents });
        if (rows.length < this.pageSize) break;
      }
      for (const head of heads) {
        const verifier = verifiers.get(head.stream_name);
        const found = verifier?.finish(headOf(head));
        if (found) breaks.push(found);
        eventsChecked += verifier?.eventsChecked ?? 0;
        streamsChecked += 1;
      }
      onProgress?.({ streamsChecked, eventsChecked, totalEvents });
      afterStream = heads[heads.length - 1]?.stream_name ?? null;
    }
    const headless = await this.query<{ stream_name: string; events: string }>(
      `SELECT e.stream_name, count(*) AS events FROM event_store.events e
       WHERE NOT EXISTS (SELECT 1 FROM event_store.streams s WHERE s.stream_name = e.stream_name)
       GROUP BY e.stream_name ORDER BY e.stream_name`,
      [],
    );
    for (const row of headless) breaks.push({ stream: row.stream_name, reason: 'headless', revision: 0 });
    return { streamsChecked, eventsChecked, breaks };
  }
}

/**
 * Seals streams written before the hash chain existed (events without a hash): recomputes the whole
 * chain of each such stream and stores it with its head, in one statement guarded by the head's revision
 * (a concurrent append makes it retry that stream). Rewriting hashes is what a forger would do too, so the
 * caller records that it ran; run it once, right after upgrading.
 */
export async function sealUnsealedStreams(
  query: SqlQuery,
  onProgress?: (sealed: number, total: number) => void,
): Promise<{ streamsSealed: number; eventsSealed: number }> {
  const streams = await query<{ stream_name: string }>(
    'SELECT DISTINCT stream_name FROM event_store.events WHERE hash IS NULL ORDER BY stream_name',
    [],
  );
  let eventsSealed = 0;
  for (const [index, { stream_name: stream }] of streams.entries()) {
    for (let attempt = 0; ; attempt += 1) {
      const [head] = await query<{ revision: string }>(
        'SELECT revision FROM event_store.streams WHERE stream_name = $1',
        [stream],
      );
      if (!head) break; // headless: nothing to seal it against; verification reports it
      const rows = await query<ChainRow>(
        `SELECT ${chainColumns} FROM event_store.events WHERE stream_name = $1 ORDER BY stream_revision`,
        [stream],
      );
      let previous: string | undefined;
      const hashes = rows.map((row) => (previous = eventHash(previous, envelopeOf(row))));
      const sealed = await query<{ sealed: boolean }>(
        `WITH head AS (
           UPDATE event_store.streams SET last_append_hashes = ARRAY[$4::text]
           WHERE stream_name = $1 AND revision = $2 RETURNING 1),
         sealed AS (
           UPDATE event_store.events e SET hash = v.hash FROM head, unnest($3::bigint[], $5::text[]) AS v(revision, hash)
           WHERE e.stream_name = $1 AND e.stream_revision = v.revision RETURNING 1)
         SELECT EXISTS (SELECT 1 FROM head) AS sealed, (SELECT count(*) FROM sealed) AS events`,
        [
          stream,
          head.revision,
          rows.map((row) => row.stream_revision),
          hashes[hashes.length - 1] ?? null,
          hashes,
        ],
      );
      if (sealed[0]?.sealed) {
        eventsSealed += rows.length;
        break;
      }
      if (attempt >= 5) throw new Error(`Could not seal ${stream}: it kept moving`);
    }
    onProgress?.(index + 1, streams.length);
  }
  return { streamsSealed: streams.length, eventsSealed };
}
