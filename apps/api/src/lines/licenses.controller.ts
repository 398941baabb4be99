import { Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ValidBody } from '@continuum/http';
import {
  licenseDecider,
  licenseRefusals as refusals,
  licenseStream,
  licenseTypes,
} from '@continuum/tech-transfer';
import { z } from 'zod';
import { RecordedLine } from './line-controller';
import { CallOf, ChangeRoute, type Call } from './line-endpoints';
import { day, lineId, moneyField, text } from './line-fields';

const executedBody = z.object({
  licenseId: lineId,
  partnerId: lineId,
  technology: text,
  licenseType: z.enum(licenseTypes),
  upfrontFee: moneyField.optional(),
  executedOn: day,
});
const terminationBody = z.object({ reason: text, terminatedOn: day });

const license = { decider: licenseDecider, stream: licenseStream };

@ApiTags('licenses')
@Controller('licenses')
export class LicensesController extends RecordedLine({
  aggregate: license,
  read: 'A license and its termination',
  notFound: refusals.notFound,
  record: {
    summary: 'Record a technology license executed with a partner',
    body: executedBody,
    problems: [refusals.alreadyRecorded, refusals.upfrontFeeNegative],
    id: (body) => body.licenseId,
    command: (data) => ({ type: 'RecordLicenseExecuted' as const, data }),
  },
}) {
  @ChangeRoute('POST', ':id/terminate', {
    summary: 'Terminate a license',
    body: terminationBody,
    problems: [refusals.notFound, refusals.alreadyTerminated, refusals.terminatedBeforeExecution],
  })
  terminate(
    @Param('id') id: string,
    @ValidBody(terminationBody) body: z.infer<typeof terminationBody>,
    @CallOf() call: Call,
  ) {
    const command = { type: 'TerminateLicense' as const, data: { licenseId: id, ...body } };
    return this.lines.change(license, id, command, call);
  }
}
