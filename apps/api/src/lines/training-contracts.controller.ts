import { Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ValidBody } from '@continuum/http';
import {
  trainingContractDecider,
  trainingContractRefusals as refusals,
  trainingContractStream,
} from '@continuum/workforce';
import { z } from 'zod';
import { RecordedLine } from './line-controller';
import { CallOf, ChangeRoute, type Call } from './line-endpoints';
import { day, lineId, moneyField, text } from './line-fields';

const seats = z.number().int();
const signedBody = z.object({
  contractId: lineId,
  partnerId: lineId,
  programName: text,
  seats,
  value: moneyField.optional(),
  startDate: day,
  endDate: day.optional(),
});
const seatsBody = z.object({ seats, changedOn: day });
const completedBody = z.object({ completedOn: day });

const contract = { decider: trainingContractDecider, stream: trainingContractStream };

@ApiTags('training contracts')
@Controller('training-contracts')
export class TrainingContractsController extends RecordedLine({
  aggregate: contract,
  read: 'A training contract with its current seats',
  notFound: refusals.notFound,
  record: {
    summary: 'Record a workforce training contract signed with a partner',
    body: signedBody,
    problems: [
      refusals.alreadyRecorded,
      refusals.seatsNotPositive,
      refusals.endsBeforeStart,
      refusals.valueNegative,
    ],
    id: (body) => body.contractId,
    command: (data) => ({ type: 'RecordTrainingContractSigned' as const, data }),
  },
}) {
  @ChangeRoute('PUT', ':id/seats', {
    summary: 'Change how many seats a training contract buys',
    body: seatsBody,
    problems: [refusals.notFound, refusals.seatsNotPositive, refusals.completed],
  })
  changeSeats(
    @Param('id') id: string,
    @ValidBody(seatsBody) body: z.infer<typeof seatsBody>,
    @CallOf() call: Call,
  ) {
    return this.lines.change(
      contract,
      id,
      { type: 'ChangeTrainingSeats', data: { contractId: id, ...body } },
      call,
    );
  }

  @ChangeRoute('POST', ':id/complete', {
    summary: 'Record that a training contract was delivered',
    body: completedBody,
    problems: [refusals.notFound, refusals.alreadyCompleted, refusals.completedBeforeStart],
  })
  complete(
    @Param('id') id: string,
    @ValidBody(completedBody) body: z.infer<typeof completedBody>,
    @CallOf() call: Call,
  ) {
    const command = { type: 'CompleteTrainingContract' as const, data: { contractId: id, ...body } };
    return this.lines.change(contract, id, command, call);
  }
}
