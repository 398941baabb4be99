import type { Pool } from 'pg';
import type { AppendResult } from '../port';
import { positionOf } from '../position';
import { groupedAppendStatement } from './grouped-append-statement';
import { isDeadlock, isUniqueViolation } from './pg-errors';

/** One append, encoded for SQL; `expected` is `no_stream` or an exact revision (the kinds a group takes). */
export interface AppendRequest {
  readonly stream: string;
  readonly category: string;
  readonly expected: 'no_stream' | number;
  readonly ids: string[];
  readonly types: string[];
  readonly data: string[];
  readonly metadata: string[];
  readonly digests: string[];
}

/** How a group hands back the appends it could not settle itself. */
export interface AppendFallbacks {
  /** The append on its own statement, with its own failure handling. */
  readonly alone: (request: AppendRequest) => Promise<AppendResult>;
  /** An append whose expectation did not hold: an idempotent retry or a real conflict. */
  readonly failed: (request: AppendRequest) => Promise<AppendResult>;
  /** Called once per statement that stored something, so subscribers wake. */
  readonly stored: () => void;
}

interface Pending {
  readonly request: AppendRequest;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

export interface AppendGroupLimits {
  /** Statements in flight at once; streams never overlap between them, so they cannot deadlock each other. */
  readonly statements: number;
  /** Events in one statement. */
  readonly events: number;
}

const settlesAlone = (error: unknown): boolean => isUniqueViolation(error) || isDeadlock(error);

/**
 * Group commit: appends that arrive while earlier ones are being written go out together in one statement.
 * Alone, an append is written at once; under load, one round trip and one commit serve many appends.
 */
export class AppendGroups {
  private readonly queue: Pending[] = [];
  private readonly busyStreams = new Set<string>();
  private inFlight = 0;

  constructor(
    private readonly pool: Pool,
    private readonly fallbacks: AppendFallbacks,
    private readonly limits: AppendGroupLimits = { statements: 2, events: 1000 },
  ) {}

  submit(request: AppendRequest): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.limits.statements && this.queue.length > 0) {
      const group = this.takeGroup();
      if (group.length === 0) return;
      this.inFlight += 1;
      for (const { request } of group) this.busyStreams.add(request.stream);
      void this.write(group).finally(() => {
        this.inFlight -= 1;
        for (const { request } of group) this.busyStreams.delete(request.stream);
        this.pump();
      });
    }
  }

  /** The oldest waiting appends, one per stream, none to a stream being written. */
  private takeGroup(): Pending[] {
    const group: Pending[] = [];
    const streams = new Set<string>();
    let events = 0;
    for (let index = 0; index < this.queue.length;) {
      const pending = this.queue[index] as Pending;
      const { stream, ids } = pending.request;
      const fits = group.length === 0 || events + ids.length <= this.limits.events;
      if (!fits) break;
      if (streams.has(stream) || this.busyStreams.has(stream)) {
        index += 1;
        continue;
      }
      this.queue.splice(index, 1);
      group.push(pending);
      streams.add(stream);
      events += ids.length;
    }
    return group;
  }

  private async write(group: readonly Pending[]): Promise<void> {
    const only = group[0];
    if (group.length === 1 && only) return settle(only, this.fallbacks.alone(only.request));
    let rows: { revision: string | null; position: string | null }[];
    try {
      rows = (await this.pool.query(statementFor(group.map((pending) => pending.request))))
        .rows as typeof rows;
    } catch (error) {
      if (!settlesAlone(error)) {
        for (const pending of group) pending.reject(error);
        return;
      }
      // An event id stored before (a retry) or a lock cycle with another process: each append on its own.
      await Promise.all(group.map((pending) => settle(pending, this.fallbacks.alone(pending.request))));
      return;
    }
    if (rows.some((row) => row.revision !== null)) this.fallbacks.stored();
    await Promise.all(
      group.map((pending, index) => {
        const row = rows[index];
        if (row?.revision != null && row.position != null)
          return settle(
            pending,
            Promise.resolve({
              nextExpectedRevision: Number(row.revision),
              position: positionOf(BigInt(row.position)),
            }),
          );
        return settle(pending, this.fallbacks.failed(pending.request));
      }),
    );
  }
}

async function settle(pending: Pending, outcome: Promise<AppendResult>): Promise<void> {
  try {
    pending.resolve(await outcome);
  } catch (error) {
    pending.reject(error);
  }
}

function statementFor(requests: readonly AppendRequest[]): { name: string; text: string; values: unknown[] } {
  const starts: number[] = [];
  const owners: number[] = [];
  let next = 1;
  for (const [index, request] of requests.entries()) {
    starts.push(next);
    next += request.ids.length;
    for (let event = 0; event < request.ids.length; event += 1) owners.push(index + 1);
  }
  return {
    ...groupedAppendStatement,
    values: [
      requests.map((r) => r.stream),
      requests.map((r) => r.ids.length),
      requests.map((r) => r.category),
      requests.map((r) => (r.expected === 'no_stream' ? 'no_stream' : 'exact')),
      requests.map((r) => (r.expected === 'no_stream' ? null : r.expected)),
      starts,
      requests.flatMap((r) => r.ids),
      requests.flatMap((r) => r.types),
      requests.flatMap((r) => r.data),
      requests.flatMap((r) => r.metadata),
      requests.flatMap((r) => r.digests),
      owners,
    ],
  };
}
