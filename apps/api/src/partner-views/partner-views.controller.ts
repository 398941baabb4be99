import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, InvalidRequestProblem, NotFoundProblem, Roles, ValidQuery } from '@continuum/http';
import {
  continuumLines,
  InvalidCursorError,
  PARTNER_360_PROJECTION,
  PARTNER_TIMELINE_PROJECTION,
  partnerSorts,
  partnerTiers,
  PartnerViewsReader,
  type MergedPartnerView,
  type Page,
  type Partner360,
  type PartnerListItem,
  type TimelineEntry,
} from '@continuum/partners';
import { STAFF_DIRECTORY_PROJECTION } from '@continuum/staff';
import { z } from 'zod';
import { ReadYourWrites } from '../shared/read-your-writes';

const readers = ['staff', 'manager', 'auditor', 'admin'] as const;
const limit = (fallback: number) => z.coerce.number().int().min(1).max(200).default(fallback);
const minPosition = z.string().optional().describe('From a command response: wait until the view shows it');

const listQuery = z.object({
  search: z.string().max(200).optional().describe('Name or web domain; case and accents ignored'),
  tier: z.enum(partnerTiers).optional(),
  owner: z.string().min(1).optional().describe('Relationship owner (staff id)'),
  line: z
    .enum(continuumLines)
    .optional()
    .describe('Only partners with this line active in the last 24 months'),
  sort: z.enum(partnerSorts).default('name'),
  limit: limit(50),
  cursor: z.string().optional(),
  minPosition,
});
const viewQuery = z.object({ minPosition });
const timelineQuery = z.object({ limit: limit(50), cursor: z.string().optional(), minPosition });

/** A cursor from another list, or tampered with: the caller's mistake, said as such. */
async function paging<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidCursorError)
      throw new InvalidRequestProblem(error.message, [{ field: 'cursor', message: error.message }]);
    throw error;
  }
}

/** Read side of partners: the 360, the list and the timeline, from the partner-360 and partner-timeline read models. */
@ApiTags('partners')
@Controller('partners')
export class PartnerViewsController {
  constructor(
    @Inject(PartnerViewsReader) private readonly reader: PartnerViewsReader,
    @Inject(ReadYourWrites) private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get()
  @Roles(...readers)
  @ApiOperation({
    summary:
      'Partners (merged duplicates left out) with their engagement score, filtered and sorted by name, score or last activity; cursor-paged',
  })
  @ApiProblems(['invalid-request', 'read-model-behind'])
  async list(@ValidQuery(listQuery) query: z.infer<typeof listQuery>): Promise<Page<PartnerListItem>> {
    await this.readYourWrites.waitFor(PARTNER_360_PROJECTION, query.minPosition);
    return paging(() => this.reader.list(query, new Date()));
  }

  @Get([':id', ':id/360'])
  @Roles(...readers)
  @ApiOperation({
    summary:
      "The partner 360: profile, every continuum line's figures, last interaction, open tasks and the engagement score with its components (a merged partner answers with `mergedInto`); also served at /{id}/360",
  })
  @ApiProblems(['invalid-request', 'partner-not-found', 'read-model-behind'])
  async partner360(
    @Param('id') id: string,
    @ValidQuery(viewQuery) query: z.infer<typeof viewQuery>,
  ): Promise<Partner360 | MergedPartnerView> {
    // The owner's and sponsor's names come from the staff directory: it must have reached the write too.
    await this.readYourWrites.waitFor(PARTNER_360_PROJECTION, query.minPosition);
    await this.readYourWrites.waitFor(STAFF_DIRECTORY_PROJECTION, query.minPosition);
    const view = await this.reader.partner360(id, new Date());
    if (!view) throw new NotFoundProblem('partner-not-found', `Partner ${id} is not registered`);
    return view;
  }

  @Get(':id/timeline')
  @Roles(...readers)
  @ApiOperation({
    summary:
      'Everything that happened with a partner, newest first (by business time): its own events, every line, its tasks, and those of duplicates merged into it',
  })
  @ApiProblems(['invalid-request', 'partner-not-found', 'read-model-behind'])
  async timeline(
    @Param('id') id: string,
    @ValidQuery(timelineQuery) query: z.infer<typeof timelineQuery>,
  ): Promise<Page<TimelineEntry>> {
    // The timeline checks the partner exists in the 360's profiles: both must have reached the write.
    await this.readYourWrites.waitFor(PARTNER_360_PROJECTION, query.minPosition);
    await this.readYourWrites.waitFor(PARTNER_TIMELINE_PROJECTION, query.minPosition);
    const entries = await paging(() => this.reader.timeline(id, query.limit, query.cursor));
    if (!entries) throw new NotFoundProblem('partner-not-found', `Partner ${id} is not registered`);
    return entries;
  }
}
