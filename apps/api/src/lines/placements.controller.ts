import { Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ValidBody } from '@continuum/http';
import {
  internshipPlacementDecider,
  internshipPlacementRefusals as refusals,
  internshipPlacementStream,
  placementOutcomes,
} from '@continuum/careers';
import { z } from 'zod';
import { RecordedLine } from './line-controller';
import { CallOf, ChangeRoute, type Call } from './line-endpoints';
import { day, lineId, text } from './line-fields';

const placedBody = z.object({
  placementId: lineId,
  partnerId: lineId,
  studentRef: text.describe('A pseudonymous id from career services: never a name, email or student number'),
  program: text,
  role: text,
  startDate: day,
  endDate: day,
});
const completedBody = z.object({
  outcome: z.enum(placementOutcomes),
  offeredFullTime: z.boolean().optional(),
  completedOn: day.optional(),
});
const hireBody = z.object({ hiredOn: day });

const placement = { decider: internshipPlacementDecider, stream: internshipPlacementStream };

@ApiTags('internship placements')
@Controller('placements')
export class PlacementsController extends RecordedLine({
  aggregate: placement,
  read: 'An internship placement and how it ended',
  notFound: refusals.notFound,
  record: {
    summary: 'Record an intern placed with a partner',
    body: placedBody,
    problems: [refusals.alreadyRecorded, refusals.studentRefNotPseudonymous, refusals.endBeforeStart],
    id: (body) => body.placementId,
    command: (data) => ({ type: 'RecordInternPlaced' as const, data }),
  },
}) {
  @ChangeRoute('POST', ':id/complete', {
    summary: 'Record how a placement ended (completed or ended early)',
    body: completedBody,
    problems: [refusals.notFound, refusals.alreadyCompleted, refusals.completedBeforeStart],
  })
  complete(
    @Param('id') id: string,
    @ValidBody(completedBody) body: z.infer<typeof completedBody>,
    @CallOf() call: Call,
  ) {
    const command = { type: 'RecordPlacementCompleted' as const, data: { placementId: id, ...body } };
    return this.lines.change(placement, id, command, call);
  }

  @ChangeRoute('POST', ':id/hire', {
    summary: 'Record that the intern was hired full time after a completed placement',
    body: hireBody,
    problems: [refusals.notFound, refusals.notCompleted],
  })
  hire(@Param('id') id: string, @ValidBody(hireBody) body: z.infer<typeof hireBody>, @CallOf() call: Call) {
    return this.lines.change(
      placement,
      id,
      { type: 'RecordFullTimeHire', data: { placementId: id, ...body } },
      call,
    );
  }
}
