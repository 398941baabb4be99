import { Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ValidBody } from '@continuum/http';
import { capstoneDecider, capstoneRefusals as refusals, capstoneStream } from '@continuum/curriculum';
import { z } from 'zod';
import { RecordedLine } from './line-controller';
import { CallOf, ChangeRoute, type Call } from './line-endpoints';
import { day, lineId, moneyField, text } from './line-fields';

const sponsoredBody = z.object({
  projectId: lineId,
  partnerId: lineId,
  course: text,
  term: text.describe('The academic term as the curriculum system names it'),
  value: moneyField.optional(),
});
const completedBody = z.object({ completedOn: day, outcome: text.optional() });

const capstone = { decider: capstoneDecider, stream: capstoneStream };

@ApiTags('capstones')
@Controller('capstones')
export class CapstonesController extends RecordedLine({
  aggregate: capstone,
  read: 'A sponsored capstone project and its completion',
  notFound: refusals.notFound,
  record: {
    summary: 'Record a capstone project a partner sponsors',
    body: sponsoredBody,
    problems: [refusals.alreadyRecorded, refusals.valueNegative],
    id: (body) => body.projectId,
    command: (data) => ({ type: 'RecordCapstoneSponsored' as const, data }),
  },
}) {
  @ChangeRoute('POST', ':id/complete', {
    summary: 'Record that a capstone project was completed',
    body: completedBody,
    problems: [refusals.notFound, refusals.alreadyCompleted],
  })
  complete(
    @Param('id') id: string,
    @ValidBody(completedBody) body: z.infer<typeof completedBody>,
    @CallOf() call: Call,
  ) {
    return this.lines.change(
      capstone,
      id,
      { type: 'CompleteCapstone', data: { projectId: id, ...body } },
      call,
    );
  }
}
