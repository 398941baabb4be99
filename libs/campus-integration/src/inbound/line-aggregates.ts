import { giftDecider, giftStream, pledgeDecider, pledgeStream } from '@continuum/advancement';
import {
  internshipPlacementDecider,
  internshipPlacementStream,
  recruitingEventAttendanceDecider,
  recruitingEventAttendanceStream,
} from '@continuum/careers';
import {
  advisoryBoardDecider,
  advisoryBoardStream,
  capstoneDecider,
  capstoneStream,
} from '@continuum/curriculum';
import { partnerDecider, partnerStream } from '@continuum/partners';
import { researchAgreementDecider, researchAgreementStream } from '@continuum/research';
import { licenseDecider, licenseStream } from '@continuum/tech-transfer';
import { trainingContractDecider, trainingContractStream } from '@continuum/workforce';

/** Each aggregate a campus event can change: its decider and how its id names its stream. */
export const lineAggregates = {
  partner: { decider: partnerDecider, stream: partnerStream },
  researchAgreement: { decider: researchAgreementDecider, stream: researchAgreementStream },
  placement: { decider: internshipPlacementDecider, stream: internshipPlacementStream },
  recruitingEvent: { decider: recruitingEventAttendanceDecider, stream: recruitingEventAttendanceStream },
  gift: { decider: giftDecider, stream: giftStream },
  pledge: { decider: pledgeDecider, stream: pledgeStream },
  advisoryBoard: { decider: advisoryBoardDecider, stream: advisoryBoardStream },
  capstone: { decider: capstoneDecider, stream: capstoneStream },
  trainingContract: { decider: trainingContractDecider, stream: trainingContractStream },
  license: { decider: licenseDecider, stream: licenseStream },
} as const;
