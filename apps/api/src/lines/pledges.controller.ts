import { Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ValidBody } from '@continuum/http';
import { pledgeDecider, pledgeRefusals as refusals, pledgeStream } from '@continuum/advancement';
import { z } from 'zod';
import { RecordedLine } from './line-controller';
import { CallOf, ChangeRoute, type Call } from './line-endpoints';
import { day, lineId, moneyField, text } from './line-fields';

const madeBody = z.object({
  pledgeId: lineId,
  partnerId: lineId,
  amount: moneyField,
  designation: text,
  madeOn: day,
  dueBy: day.optional(),
});
const paymentBody = z.object({
  giftId: lineId.describe('The gift (giftType PLEDGE_PAYMENT) that pays this instalment'),
  amount: moneyField,
  paidOn: day,
});
const writeOffBody = z.object({ reason: text, writtenOffOn: day });

const pledge = { decider: pledgeDecider, stream: pledgeStream };

@ApiTags('pledges')
@Controller('pledges')
export class PledgesController extends RecordedLine({
  aggregate: pledge,
  read: 'A pledge with what is paid and what is outstanding, exactly',
  notFound: refusals.notFound,
  record: {
    summary: 'Record a pledge a partner made',
    body: madeBody,
    problems: [refusals.alreadyRecorded, refusals.amountNotPositive, refusals.dueBeforeMade],
    id: (body) => body.pledgeId,
    command: (data) => ({ type: 'RecordPledgeMade' as const, data }),
  },
}) {
  @ChangeRoute('POST', ':id/payments', {
    summary: 'Apply a payment (a gift) to a pledge; the one that pays what is outstanding fulfils it',
    body: paymentBody,
    problems: [
      refusals.notFound,
      refusals.paymentAlreadyApplied,
      refusals.alreadyFulfilled,
      refusals.writtenOff,
      refusals.currencyMismatch,
      refusals.paymentNotPositive,
    ],
  })
  pay(
    @Param('id') id: string,
    @ValidBody(paymentBody) body: z.infer<typeof paymentBody>,
    @CallOf() call: Call,
  ) {
    return this.lines.change(
      pledge,
      id,
      { type: 'ApplyPledgePayment', data: { pledgeId: id, ...body } },
      call,
    );
  }

  @ChangeRoute('POST', ':id/write-off', {
    summary: 'Give up on what is still outstanding on a pledge',
    body: writeOffBody,
    problems: [refusals.notFound, refusals.alreadyFulfilled, refusals.writtenOff],
  })
  writeOff(
    @Param('id') id: string,
    @ValidBody(writeOffBody) body: z.infer<typeof writeOffBody>,
    @CallOf() call: Call,
  ) {
    return this.lines.change(pledge, id, { type: 'WriteOffPledge', data: { pledgeId: id, ...body } }, call);
  }
}
