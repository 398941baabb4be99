import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  AUDIT_PARTNER_INDEX_PROJECTION,
  historyCsvHeader,
  historyCsvRow,
  historyNdjsonLine,
  InvalidHistoryCursorError,
  PartnerHistoryReader,
  PartnerStateReader,
  recordAuditRead,
  toHistoryEntry,
  type AuditQuery,
  type HistoryFilter,
  type HistoryPage,
  type PartnerStateView,
  type StateChange,
} from '@continuum/audit';
import {
  EVENT_STORE,
  PostgresChainAudit,
  PostgresEventStore,
  verifyStreamChain,
  type ChainBreak,
  type EventStore,
} from '@continuum/event-store';
import {
  ApiProblems,
  CurrentPrincipal,
  InvalidRequestProblem,
  NotFoundProblem,
  Roles,
  ValidQuery,
  type Principal,
} from '@continuum/http';
import { currentCorrelationId } from '@continuum/platform';
import type { Request, Response } from 'express';
import { once } from 'node:events';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ReadYourWrites } from '../shared/read-your-writes';
import { sqlQueryOf } from './sql-query';

const minPosition = z.string().optional().describe('From a command response: wait until the index shows it');
const instant = z.iso.datetime({ offset: true }).transform((text) => new Date(text));
const basis = z.enum(['recorded', 'occurred']).default('recorded');
const historyQuery = z.object({
  from: instant.optional().describe('Inclusive, on the basis clock'),
  to: instant.optional().describe('Inclusive, on the basis clock'),
  basis: basis.describe('recorded (when the store recorded it, default) or occurred (business time)'),
  type: z
    .string()
    .optional()
    .transform((text) => text?.split(',').filter((t) => t.length > 0))
    .describe('Event types, comma-separated'),
  includeMerged: z
    .enum(['true', 'false'])
    .default('true')
    .transform((text) => text === 'true'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().optional(),
  minPosition,
});
const stateQuery = z.object({
  asOf: instant.optional(),
  basis,
  items: z
    .enum(['true', 'false'])
    .default('false')
    .transform((text) => text === 'true')
    .describe('Also list every line item (an agreement, a gift, ...) with its figures'),
  minPosition,
});
const diffQuery = z.object({ from: instant, to: instant, basis, minPosition });

type HistoryQuery = z.infer<typeof historyQuery>;

export interface StreamVerificationAnswer {
  readonly stream: string;
  readonly intact: boolean;
  readonly eventsChecked: number;
  readonly headRevision: number | null;
  readonly firstBreak: ChainBreak | null;
}

const exportTypes = { ndjson: 'application/x-ndjson', csv: 'text/csv' } as const;

function exportFormat(request: Request): keyof typeof exportTypes | undefined {
  const accept = request.headers.accept ?? '';
  if (accept.includes(exportTypes.ndjson)) return 'ndjson';
  if (accept.includes(exportTypes.csv)) return 'csv';
  return undefined;
}

/** Audit: every route is `auditor` only and read-only; every answer is first recorded in the audit log. */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(
    @Inject(PartnerHistoryReader) private readonly history: PartnerHistoryReader,
    @Inject(PartnerStateReader) private readonly states: PartnerStateReader,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ReadYourWrites) private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get('partners/:id/history')
  @Roles('auditor')
  @ApiOperation({
    summary:
      "Every event about the partner across all its streams (and those of duplicates merged into it), in global order, with its envelope; cursor-paged as JSON, or the whole selection streamed with Accept: application/x-ndjson or text/csv. Recorded in the partner's audit log.",
  })
  @ApiProduces('application/json', exportTypes.ndjson, exportTypes.csv)
  @ApiProblems(['invalid-request', 'partner-not-found', 'read-model-behind'])
  async partnerHistory(
    @Param('id') id: string,
    @ValidQuery(historyQuery) query: HistoryQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<HistoryPage | undefined> {
    await this.mustHaveHistory(id, query.minPosition);
    const format = exportFormat(request);
    const filter: HistoryFilter = {
      from: query.from,
      to: query.to,
      basis: query.basis,
      types: query.type,
      includeMerged: query.includeMerged,
    };
    await this.record(principal, format ? 'history-export' : 'history', id, {
      from: query.from?.toISOString(),
      to: query.to?.toISOString(),
      basis: query.basis,
      type: query.type?.join(','),
      cursor: query.cursor,
      format: format ?? 'json',
    });
    if (!format) {
      try {
        return await this.history.page(id, filter, { limit: query.limit, cursor: query.cursor });
      } catch (error) {
        if (error instanceof InvalidHistoryCursorError)
          throw new InvalidRequestProblem(error.message, [{ field: 'cursor', message: error.message }]);
        throw error;
      }
    }
    await this.stream(response, format, id, filter);
    return undefined;
  }

  @Get('partners/:id/state')
  @Roles('auditor')
  @ApiOperation({
    summary:
      "The partner 360's main facts as the system knew them at `asOf` (basis=recorded), or as the world was by business time (basis=occurred): the fold of its events up to then",
  })
  @ApiProblems(['invalid-request', 'partner-not-found', 'read-model-behind'])
  async partnerState(
    @Param('id') id: string,
    @ValidQuery(stateQuery) query: z.infer<typeof stateQuery>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Omit<PartnerStateView, 'items'> & { items?: PartnerStateView['items'] }> {
    await this.mustHaveHistory(id, query.minPosition);
    const asOf = query.asOf ?? new Date();
    await this.record(principal, 'state', id, { asOf: asOf.toISOString(), basis: query.basis });
    const { items, ...view } = await this.states.asOf(id, asOf, query.basis);
    return query.items ? { ...view, items } : view;
  }

  @Get('partners/:id/state/diff')
  @Roles('auditor')
  @ApiOperation({ summary: "What changed in the partner's facts between two moments, on the chosen basis" })
  @ApiProblems(['invalid-request', 'partner-not-found', 'read-model-behind'])
  async partnerStateDiff(
    @Param('id') id: string,
    @ValidQuery(diffQuery) query: z.infer<typeof diffQuery>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ from: string; to: string; basis: string; changes: StateChange[] }> {
    await this.mustHaveHistory(id, query.minPosition);
    await this.record(principal, 'state-diff', id, {
      from: query.from.toISOString(),
      to: query.to.toISOString(),
      basis: query.basis,
    });
    const { changes } = await this.states.diff(id, query.from, query.to, query.basis);
    return { from: query.from.toISOString(), to: query.to.toISOString(), basis: query.basis, changes };
  }

  @Get('streams/:stream/verify')
  @Roles('auditor')
  @ApiOperation({
    summary:
      "Checks the stream's hash chain (and, on PostgreSQL, its head record): the first broken link, if any (altered, gap, truncated, unsealed, headless)",
  })
  @ApiProblems(['invalid-request', 'stream-not-found'])
  async verifyStream(
    @Param('stream') stream: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StreamVerificationAnswer> {
    await this.record(principal, 'verify-stream', undefined, {}, stream);
    if (this.eventStore instanceof PostgresEventStore) {
      const result = await new PostgresChainAudit(sqlQueryOf(this.dataSource)).verifyStream(stream);
      if (result.headRevision === undefined && result.eventsChecked === 0 && !result.firstBreak)
        throw new NotFoundProblem('stream-not-found', `No stream ${stream}`);
      return {
        stream,
        intact: !result.firstBreak,
        eventsChecked: result.eventsChecked,
        headRevision: result.headRevision ?? null,
        firstBreak: result.firstBreak ?? null,
      };
    }
    // Other adapters: the chain through the port (no head record to compare the tail with).
    const events = await this.eventStore.readStream(stream);
    if (events.length === 0) throw new NotFoundProblem('stream-not-found', `No stream ${stream}`);
    const firstBreak = verifyStreamChain(stream, events);
    return {
      stream,
      intact: !firstBreak,
      eventsChecked: events.length,
      headRevision: events[events.length - 1]?.revision ?? null,
      firstBreak: firstBreak ?? null,
    };
  }

  private async mustHaveHistory(partnerId: string, minPosition: string | undefined): Promise<void> {
    await this.readYourWrites.waitFor(AUDIT_PARTNER_INDEX_PROJECTION, minPosition);
    if (!(await this.history.hasHistory(partnerId)))
      throw new NotFoundProblem('partner-not-found', `No event is about partner ${partnerId}`);
  }

  private record(
    principal: Principal,
    query: AuditQuery,
    partnerId: string | undefined,
    parameters: Record<string, string | undefined>,
    stream?: string,
  ): Promise<void> {
    return recordAuditRead(
      this.eventStore,
      { query, partnerId, stream, viewer: principal.subject, roles: principal.roles, parameters },
      { correlationId: currentCorrelationId() },
    );
  }

  /** Writes the export a page at a time, waiting for the client to drain: memory stays flat. */
  private async stream(
    response: Response,
    format: keyof typeof exportTypes,
    partnerId: string,
    filter: HistoryFilter,
  ): Promise<void> {
    response.status(200);
    response.setHeader('Content-Type', `${exportTypes[format]}; charset=utf-8`);
    if (format === 'csv')
      response.setHeader('Content-Disposition', `attachment; filename="partner-${partnerId}-history.csv"`);
    const write = async (chunk: string): Promise<void> => {
      if (!response.write(chunk)) await once(response, 'drain');
    };
    if (format === 'csv') await write(historyCsvHeader);
    for await (const { partnerId: about, event } of this.history.events(partnerId, filter)) {
      if (response.destroyed) return;
      const entry = toHistoryEntry(about, event);
      await write(format === 'csv' ? historyCsvRow(entry) : historyNdjsonLine(entry));
    }
    response.end();
  }
}
