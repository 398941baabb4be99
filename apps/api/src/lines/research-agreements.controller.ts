import { Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ValidBody } from '@continuum/http';
import {
  agreementKinds,
  researchAgreementDecider,
  researchAgreementRefusals as refusals,
  researchAgreementStream,
} from '@continuum/research';
import { z } from 'zod';
import { RecordedLine } from './line-controller';
import { CallOf, ChangeRoute, type Call } from './line-endpoints';
import { day, lineId, moneyField, text } from './line-fields';

const signedBody = z.object({
  agreementId: lineId,
  partnerId: lineId,
  kind: z.enum(agreementKinds),
  title: text,
  value: moneyField.optional(),
  effectiveDate: day,
  endDate: day.optional(),
  principalInvestigator: z.object({ id: text, name: text, department: text }).optional(),
});
const amendmentBody = z.object({
  endDate: day.optional(),
  value: moneyField.optional(),
  note: z.string().optional(),
  amendedOn: day,
});
const terminationBody = z.object({ reason: text, terminatedOn: day });
const expiryBody = z.object({ asOf: day });

const agreement = { decider: researchAgreementDecider, stream: researchAgreementStream };
const ended = [refusals.notFound, refusals.notActive];

@ApiTags('research agreements')
@Controller('research-agreements')
export class ResearchAgreementsController extends RecordedLine({
  aggregate: agreement,
  read: 'A research agreement as signed and amended',
  notFound: refusals.notFound,
  record: {
    summary: 'Record a signed research agreement (NDA, MTA, sponsored research, clinical trial, ...)',
    body: signedBody,
    problems: [refusals.alreadySigned, refusals.endBeforeStart, refusals.valueNegative],
    id: (body) => body.agreementId,
    command: (data) => ({ type: 'RecordAgreementSigned' as const, data }),
  },
}) {
  @ChangeRoute('POST', ':id/amendments', {
    summary: 'Amend an active agreement: a new end date, a new value, or a note',
    body: amendmentBody,
    problems: [...ended, refusals.amendmentEmpty, refusals.endBeforeStart, refusals.valueNegative],
  })
  amend(
    @Param('id') id: string,
    @ValidBody(amendmentBody) body: z.infer<typeof amendmentBody>,
    @CallOf() call: Call,
  ) {
    return this.lines.change(
      agreement,
      id,
      { type: 'AmendAgreement', data: { agreementId: id, ...body } },
      call,
    );
  }

  @ChangeRoute('POST', ':id/terminate', {
    summary: 'Terminate an active agreement before its end',
    body: terminationBody,
    problems: ended,
  })
  terminate(
    @Param('id') id: string,
    @ValidBody(terminationBody) body: z.infer<typeof terminationBody>,
    @CallOf() call: Call,
  ) {
    const command = { type: 'TerminateAgreement' as const, data: { agreementId: id, ...body } };
    return this.lines.change(agreement, id, command, call);
  }

  @ChangeRoute('POST', ':id/expire', {
    summary: 'Mark an agreement expired once its end date has passed (the expiry timer does this too)',
    body: expiryBody,
    problems: [...ended, refusals.notEndedYet],
  })
  expire(
    @Param('id') id: string,
    @ValidBody(expiryBody) body: z.infer<typeof expiryBody>,
    @CallOf() call: Call,
  ) {
    return this.lines.change(
      agreement,
      id,
      { type: 'ExpireAgreement', data: { agreementId: id, ...body } },
      call,
    );
  }
}
