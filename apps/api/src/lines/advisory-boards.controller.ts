import { Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ValidBody } from '@continuum/http';
import {
  advisoryBoardDecider,
  advisoryBoardRefusals as refusals,
  advisoryBoardStream,
} from '@continuum/curriculum';
import { z } from 'zod';
import { ReadableLine } from './line-controller';
import { CallOf, ChangeRoute, RecordRoute, type Call } from './line-endpoints';
import { day, lineId, text, ValidPath } from './line-fields';

const seatBody = z.object({ boardName: text, partnerId: lineId, termStart: day, termEnd: day.optional() });
const seatEndBody = z.object({ endedOn: day });

const board = { decider: advisoryBoardDecider, stream: advisoryBoardStream };

/** One line per board, holding each partner's seats, so that overlapping terms can be refused. */
@ApiTags('advisory boards')
@Controller('advisory-boards')
export class AdvisoryBoardsController extends ReadableLine({
  aggregate: board,
  read: "An advisory board and each partner's terms on it",
  notFound: refusals.boardNotFound,
  idParam: 'boardId',
}) {
  @RecordRoute(':boardId/seats', {
    summary: 'Record that a partner accepted a seat on an advisory board for a term',
    body: seatBody,
    problems: [refusals.seatAlreadyHeld, refusals.termEndsBeforeStart],
  })
  acceptSeat(
    @ValidPath({ boardId: lineId }) { boardId }: { boardId: string },
    @ValidBody(seatBody) body: z.infer<typeof seatBody>,
    @CallOf() call: Call,
  ) {
    const command = { type: 'RecordAdvisorySeatAccepted' as const, data: { boardId, ...body } };
    return this.lines.record(board, boardId, command, call, `/v1/advisory-boards/${boardId}`);
  }

  @ChangeRoute('POST', ':boardId/seats/:partnerId/end', {
    summary: "End a partner's current seat on a board",
    body: seatEndBody,
    problems: [
      refusals.boardNotFound,
      refusals.seatNotFound,
      refusals.seatAlreadyEnded,
      refusals.endedBeforeTermStart,
    ],
  })
  endSeat(
    @Param('boardId') boardId: string,
    @Param('partnerId') partnerId: string,
    @ValidBody(seatEndBody) { endedOn }: z.infer<typeof seatEndBody>,
    @CallOf() call: Call,
  ) {
    return this.lines.change(
      board,
      boardId,
      { type: 'EndAdvisorySeat', data: { boardId, partnerId, endedOn } },
      call,
    );
  }
}
