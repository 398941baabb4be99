import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ValidBody } from '@continuum/http';
import {
  recruitingEventAttendanceDecider,
  recruitingEventAttendanceRefusals as refusals,
  recruitingEventAttendanceStream,
} from '@continuum/careers';
import { z } from 'zod';
import { ReadableLine } from './line-controller';
import { CallOf, RecordRoute, type Call } from './line-endpoints';
import { day, lineId, text, ValidPath } from './line-fields';

const attendanceBody = z.object({
  partnerId: lineId,
  eventName: text,
  date: day,
  recruiters: z.number().int().optional().describe('How many recruiters the company sent'),
});

const recruitingEvent = {
  decider: recruitingEventAttendanceDecider,
  stream: recruitingEventAttendanceStream,
};

/** One line per recruiting event, holding every partner that attended it. */
@ApiTags('recruiting events')
@Controller('recruiting-events')
export class RecruitingEventsController extends ReadableLine({
  aggregate: recruitingEvent,
  read: 'A recruiting event and the partners that attended it',
  notFound: 'recruiting-event-not-found',
  idParam: 'eventId',
}) {
  @RecordRoute(':eventId/attendances', {
    summary: 'Record that a partner attended a recruiting event (once per partner and event)',
    body: attendanceBody,
    problems: [refusals.recruitersNotACount],
  })
  attend(
    @ValidPath({ eventId: lineId }) { eventId }: { eventId: string },
    @ValidBody(attendanceBody) body: z.infer<typeof attendanceBody>,
    @CallOf() call: Call,
  ) {
    const command = { type: 'RecordRecruitingEventAttended' as const, data: { eventId, ...body } };
    return this.lines.record(recruitingEvent, eventId, command, call, `/v1/recruiting-events/${eventId}`);
  }
}
