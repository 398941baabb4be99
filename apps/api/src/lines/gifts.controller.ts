import { Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ValidBody } from '@continuum/http';
import {
  acknowledgementChannels,
  giftDecider,
  giftRefusals as refusals,
  giftStream,
  giftTypes,
} from '@continuum/advancement';
import { z } from 'zod';
import { RecordedLine } from './line-controller';
import { CallOf, ChangeRoute, type Call } from './line-endpoints';
import { day, instant, lineId, moneyField, text } from './line-fields';

const receivedBody = z.object({
  giftId: lineId,
  partnerId: lineId,
  amount: moneyField,
  giftType: z.enum(giftTypes),
  designation: text,
  receivedOn: day,
  pledgeId: lineId.optional(),
});
const acknowledgementBody = z.object({
  channel: z.enum(acknowledgementChannels).optional(),
  acknowledgedAt: instant.optional().describe('When the donor was thanked; now when absent'),
});

const gift = { decider: giftDecider, stream: giftStream };

@ApiTags('gifts')
@Controller('gifts')
export class GiftsController extends RecordedLine({
  aggregate: gift,
  read: 'A gift and its acknowledgement',
  notFound: refusals.notFound,
  record: {
    summary: 'Record a gift received from a partner',
    body: receivedBody,
    problems: [refusals.alreadyRecorded, refusals.amountNotPositive, refusals.pledgePaymentNeedsPledge],
    id: (body) => body.giftId,
    command: (data) => ({ type: 'RecordGiftReceived' as const, data }),
  },
}) {
  @ChangeRoute('POST', ':id/acknowledge', {
    summary: 'Record that the caller thanked the donor for a gift',
    body: acknowledgementBody,
    problems: [refusals.notFound, refusals.alreadyAcknowledged],
  })
  acknowledge(
    @Param('id') id: string,
    @ValidBody(acknowledgementBody) { channel, acknowledgedAt: at }: z.infer<typeof acknowledgementBody>,
    @CallOf() call: Call,
  ) {
    const acknowledgedAt = at ?? new Date().toISOString();
    const data = { giftId: id, acknowledgedBy: call.principal.subject, acknowledgedAt, channel };
    return this.lines.change(gift, id, { type: 'AcknowledgeGift', data }, call, acknowledgedAt);
  }
}
