import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { deadLetterReasons, DeadLetterStore, type DeadLetterView } from '@continuum/campus-integration';
import { ApiProblems, Roles, ValidQuery } from '@continuum/http';
import { z } from 'zod';

const listQuery = z.object({
  topic: z.string().min(1).optional().describe('Origin topic, e.g. campus.research.events'),
  reason: z.enum(deadLetterReasons).optional(),
  replayed: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .describe('Only replayed (true) or not yet replayed (false) dead letters'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^\d+$/, 'is not a cursor from this list')
    .optional()
    .describe('nextCursor of the previous page'),
});

export interface DeadLetterPage {
  readonly items: readonly DeadLetterView[];
  /** Pass as `cursor` for the next (older) page; absent on the last page. */
  readonly nextCursor?: string;
}

/** Campus messages the consumer could not apply, newest first: what, why, and whether replayed. */
@ApiTags('campus integration')
@Controller('dead-letters')
export class DeadLettersController {
  constructor(@Inject(DeadLetterStore) private readonly deadLetters: DeadLetterStore) {}

  @Get()
  @Roles('admin', 'integration')
  @ApiOperation({
    summary:
      'Dead-lettered campus messages (origin topic, partition, offset, key, reason, message, time, replayed), newest first; filter by topic and reason; cursor-paged',
  })
  @ApiProblems(['invalid-request'])
  async list(@ValidQuery(listQuery) query: z.infer<typeof listQuery>): Promise<DeadLetterPage> {
    const items = await this.deadLetters.list({
      ...(query.topic === undefined ? {} : { topic: query.topic }),
      ...(query.reason === undefined ? {} : { reason: query.reason }),
      ...(query.replayed === undefined ? {} : { replayed: query.replayed }),
      ...(query.cursor === undefined ? {} : { before: query.cursor }),
      limit: query.limit + 1,
    });
    const page = items.slice(0, query.limit);
    const last = page.at(-1);
    return items.length > query.limit && last ? { items: page, nextCursor: last.id } : { items: page };
  }
}
