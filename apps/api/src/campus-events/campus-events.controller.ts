import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  CampusEventRejected,
  CampusIngestion,
  CampusMetrics,
  cloudEventEnvelopeJsonSchema,
  NotJsonError,
  parseJsonLosslessly,
  rejectionOf,
  toCampusEvent,
  type BatchIssue,
  type CampusEvent,
} from '@continuum/campus-integration';
import { ApiProblems, ProblemException, Roles } from '@continuum/http';
import { CONFIG, currentCorrelationId, type Config } from '@continuum/platform';
import type { Request } from 'express';

const SINGLE = 'application/cloudevents+json';
const BATCH = 'application/cloudevents-batch+json';

export interface CampusEventsAccepted {
  readonly applied: number;
  readonly duplicates: number;
}

class InvalidCampusEvents extends ProblemException {
  constructor(detail: string, errors: readonly BatchIssue[], extensions: Record<string, unknown> = {}) {
    super(422, 'invalid-campus-events', 'Invalid campus events', detail, { ...extensions, errors });
  }
}

const idOf = (raw: unknown): string | undefined => {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
};

function issuesOf(index: number, raw: unknown, rejection: CampusEventRejected): BatchIssue[] {
  const id = idOf(raw);
  const fields =
    rejection.issues.length > 0 ? rejection.issues : [{ field: '(event)', message: rejection.message }];
  return fields.map((issue) => ({
    index,
    ...(id === undefined ? {} : { id }),
    reason: rejection.reason,
    ...issue,
  }));
}

/** The campus contract over HTTP: one CloudEvent or a batch, validated as a whole before any is applied. */
@ApiTags('campus integration')
@Controller('campus-events')
export class CampusEventsController {
  constructor(
    @Inject(CampusIngestion) private readonly ingestion: CampusIngestion,
    @Inject(CampusMetrics) private readonly metrics: CampusMetrics,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Post()
  @HttpCode(202)
  @Roles('integration')
  @ApiOperation({
    summary:
      'Receive campus events (CloudEvents 1.0, see docs/asyncapi.yaml): one, or a batch applied only if every event is valid; a redelivered event is acknowledged as a duplicate',
  })
  @ApiConsumes(SINGLE, BATCH)
  @ApiBody({ schema: cloudEventEnvelopeJsonSchema() as object })
  @ApiResponse({ status: 202, description: 'Applied: `{ applied, duplicates }`' })
  @ApiProblems(['invalid-campus-events', 'unsupported-media-type'])
  async receive(@Req() request: Request): Promise<CampusEventsAccepted> {
    const { raws, batch } = this.bodyOf(request);
    const events = this.validated(raws);
    const early = await this.ingestion.precheck(events);
    if (early.length > 0)
      throw new InvalidCampusEvents(
        `${early.length} problem(s) in the ${batch ? 'batch' : 'event'}; nothing applied`,
        early,
      );
    let applied = 0;
    let duplicates = 0;
    const correlationId = currentCorrelationId();
    for (const [index, event] of events.entries()) {
      try {
        const outcome = await this.ingestion.ingest(event, correlationId ? { correlationId } : {});
        if (outcome.status === 'applied') applied += 1;
        else duplicates += 1;
        this.metrics.handled('http', outcome.status);
      } catch (error) {
        const rejection = rejectionOf(error);
        if (!rejection) throw error;
        // Only a domain refusal gets here (the checks above passed): the events before it stay applied.
        throw new InvalidCampusEvents(
          `Event ${index} was refused: ${rejection.message}; the ${index} event(s) before it were applied`,
          issuesOf(index, event, rejection),
          { applied, duplicates },
        );
      }
    }
    return { applied, duplicates };
  }

  private bodyOf(request: Request): { raws: unknown[]; batch: boolean } {
    const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (type !== SINGLE && type !== BATCH)
      throw new ProblemException(
        415,
        'unsupported-media-type',
        'Unsupported media type',
        `Send ${SINGLE} (one event) or ${BATCH} (a JSON array)`,
      );
    const text = typeof request.body === 'string' ? request.body : '';
    let parsed: unknown;
    try {
      parsed = parseJsonLosslessly(text);
    } catch (error) {
      if (!(error instanceof NotJsonError)) throw error;
      throw new InvalidCampusEvents('The body is not JSON', [
        { index: 0, reason: 'not-json', field: '(body)', message: error.message },
      ]);
    }
    if (type === SINGLE) return { raws: [parsed], batch: false };
    if (!Array.isArray(parsed))
      throw new InvalidCampusEvents('A batch is a JSON array of CloudEvents', [
        { index: 0, reason: 'invalid-cloudevent', field: '(body)', message: 'must be an array' },
      ]);
    return { raws: parsed, batch: true };
  }

  private validated(raws: readonly unknown[]): CampusEvent[] {
    const events: CampusEvent[] = [];
    const issues: BatchIssue[] = [];
    for (const [index, raw] of raws.entries()) {
      try {
        events.push(toCampusEvent(raw, { sources: this.config.CAMPUS_SOURCES }));
      } catch (error) {
        if (!(error instanceof CampusEventRejected)) throw error;
        issues.push(...issuesOf(index, raw, error));
      }
    }
    if (issues.length > 0)
      throw new InvalidCampusEvents(
        `${new Set(issues.map((issue) => issue.index)).size} of ${raws.length} event(s) invalid; nothing applied`,
        issues,
      );
    return events;
  }
}
