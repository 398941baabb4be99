import type { AgreementKind } from '@continuum/research';
import type { TaskAssignee } from '@continuum/tasks';
import type { LicenseType } from '@continuum/tech-transfer';
import type { Money } from '@continuum/kernel';
import type { PartnerViewEvent } from './partner-view-events';

/** `25000.5` → `25,000.50`: digits grouped by thousands, never through a float. */
export function formatAmount(amount: string): string {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = amount.replace(/^-/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${fraction.padEnd(2, '0')}`;
}

export const formatMoney = (money: Money): string => `${formatAmount(money.amount)} ${money.currency}`;

const agreementNames: Record<AgreementKind, string> = {
  NDA: 'Non-disclosure agreement',
  MTA: 'Material transfer agreement',
  DUA: 'Data use agreement',
  SPONSORED_RESEARCH: 'Sponsored research agreement',
  MASTER_RESEARCH: 'Master research agreement',
  CLINICAL_TRIAL: 'Clinical trial agreement',
  COLLABORATION: 'Collaboration agreement',
  OTHER: 'Research agreement',
};

const licenseNames: Record<LicenseType, string> = {
  EXCLUSIVE: 'Exclusive license',
  NON_EXCLUSIVE: 'Non-exclusive license',
  OPTION: 'Option',
};

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
const inParentheses = (parts: readonly (string | undefined | false)[]): string => {
  const present = parts.filter((part): part is string => typeof part === 'string' && part.length > 0);
  return present.length > 0 ? ` (${present.join(', ')})` : '';
};
const assigneeText = (assignee: TaskAssignee): string =>
  'staffId' in assignee ? assignee.staffId : `the ${assignee.team} queue`;
const period = (from: string, to: string | undefined): string =>
  to === undefined ? `from ${from}, open-ended` : `${from} to ${to}`;
const changedFrom = (previous: string | undefined, current: string): string =>
  previous === undefined ? current : `${current} (was ${previous})`;

/** One human-readable line per event, from the event alone (so a rebuild writes the same words). */
export function summarise(event: PartnerViewEvent): string {
  switch (event.type) {
    case 'PartnerRegistered': {
      const { name, tier, registeredVia } = event.data;
      const via = registeredVia === 'campus-system' ? ' from a campus system' : '';
      return `Partner "${name}" registered${via} as ${tier}`;
    }
    case 'PartnerRenamed':
      return `Renamed from "${event.data.previousName}" to "${event.data.name}"`;
    case 'ExternalRecordLinked':
      return `Linked to ${event.data.system} record ${event.data.externalId}`;
    case 'ExternalRecordUnlinked':
      return `Unlinked from ${event.data.system} record ${event.data.externalId}`;
    case 'RelationshipOwnerAssigned':
      return `Relationship owner: ${changedFrom(event.data.previousStaffId, event.data.staffId)}`;
    case 'ExecutiveSponsorAssigned':
      return `Executive sponsor: ${changedFrom(event.data.previousStaffId, event.data.staffId)}`;
    case 'TierChanged':
      return `Tier changed from ${event.data.from} to ${event.data.to} (${event.data.reason})`;
    case 'ContactAffiliated':
      return `Contact ${event.data.name} affiliated as ${event.data.role}`;
    case 'ContactPermissionChanged':
      return `Contact ${event.data.contactId} permission changed from ${event.data.previousPermission} to ${event.data.permission}`;
    case 'ContactAffiliationEnded':
      return `Contact ${event.data.contactId} no longer affiliated${inParentheses([event.data.reason])}`;
    case 'InteractionLogged':
      return `${capitalised(event.data.kind)}: ${event.data.summary}`;
    case 'PartnerMergedInto':
      return `Merged into partner ${event.data.survivorId} (${event.data.reason})`;
    case 'DuplicateAbsorbed':
      return `Absorbed duplicate partner ${event.data.duplicateId}`;
    case 'PartnerMergeUndone':
      return `Merge into partner ${event.data.survivorId} undone (${event.data.reason})`;
    case 'DuplicateReleased':
      return `Released duplicate partner ${event.data.duplicateId}`;

    case 'AgreementSigned': {
      const { kind, title, value, effectiveDate, endDate } = event.data;
      const details = inParentheses([value && formatMoney(value), period(effectiveDate, endDate)]);
      return `${agreementNames[kind]} "${title}" signed${details}`;
    }
    case 'AgreementAmended': {
      const { agreementId, endDate, value, note } = event.data;
      const changes = inParentheses([
        endDate && `now ends ${endDate}`,
        value && `value now ${formatMoney(value)}`,
        note,
      ]);
      return `Research agreement ${agreementId} amended${changes}`;
    }
    case 'AgreementTerminated':
      return `Research agreement ${event.data.agreementId} terminated on ${event.data.terminatedOn} (${event.data.reason})`;
    case 'AgreementExpired':
      return `Research agreement ${event.data.agreementId} expired on ${event.data.endDate}`;

    case 'InternPlaced': {
      const { role, program, startDate, endDate } = event.data;
      return `Intern placed as ${role} (${program}, ${period(startDate, endDate)})`;
    }
    case 'PlacementCompleted': {
      const { placementId, outcome, offeredFullTime, completedOn } = event.data;
      const verb = outcome === 'ENDED_EARLY' ? 'ended early' : 'completed';
      return `Placement ${placementId} ${verb}${completedOn ? ` on ${completedOn}` : ''}${offeredFullTime ? ', full-time offer made' : ''}`;
    }
    case 'InternConvertedToHire':
      return `Intern from placement ${event.data.placementId} hired full time on ${event.data.hiredOn}`;
    case 'RecruitingEventAttended': {
      const { eventName, date, recruiters } = event.data;
      const sent = recruiters === undefined ? '' : ` (${recruiters} recruiter${recruiters === 1 ? '' : 's'})`;
      return `Attended recruiting event "${eventName}" on ${date}${sent}`;
    }

    case 'GiftReceived':
      return `Gift of ${formatMoney(event.data.amount)} received (${event.data.designation})`;
    case 'GiftAcknowledged':
      return `Gift ${event.data.giftId} acknowledged by ${event.data.acknowledgedBy}${inParentheses([event.data.channel])}`;
    case 'PledgeMade': {
      const { amount, designation, dueBy } = event.data;
      return `Pledge of ${formatMoney(amount)} made (${designation}${dueBy ? `, due by ${dueBy}` : ''})`;
    }
    case 'PledgePaymentApplied': {
      const { pledgeId, amount, outstanding } = event.data;
      return `Payment of ${formatMoney(amount)} applied to pledge ${pledgeId} (${formatMoney(outstanding)} outstanding)`;
    }
    case 'PledgeFulfilled':
      return `Pledge ${event.data.pledgeId} fulfilled (${formatMoney(event.data.paid)} paid)`;
    case 'PledgeWrittenOff':
      return `Pledge ${event.data.pledgeId}: ${formatMoney(event.data.amountWrittenOff)} written off (${event.data.reason})`;

    case 'AdvisorySeatAccepted': {
      const { boardName, termStart, termEnd } = event.data;
      return `Seat accepted on ${boardName} (${period(termStart, termEnd)})`;
    }
    case 'AdvisorySeatEnded':
      return `Seat on advisory board ${event.data.boardId} ended on ${event.data.endedOn}`;
    case 'CapstoneSponsored': {
      const { course, term, value } = event.data;
      return `Capstone sponsored in ${course}, ${term}${inParentheses([value && formatMoney(value)])}`;
    }
    case 'CapstoneCompleted':
      return `Capstone ${event.data.projectId} completed on ${event.data.completedOn}${inParentheses([event.data.outcome])}`;

    case 'TrainingContractSigned': {
      const { programName, seats, value, startDate, endDate } = event.data;
      const details = inParentheses([
        `${seats} seat${seats === 1 ? '' : 's'}`,
        value && formatMoney(value),
        period(startDate, endDate),
      ]);
      return `Training contract "${programName}" signed${details}`;
    }
    case 'TrainingSeatsChanged':
      return `Training contract ${event.data.contractId} seats changed from ${event.data.previousSeats} to ${event.data.seats}`;
    case 'TrainingContractCompleted':
      return `Training contract ${event.data.contractId} completed on ${event.data.completedOn}`;

    case 'LicenseExecuted': {
      const { licenseType, technology, upfrontFee, executedOn } = event.data;
      const fee = upfrontFee ? `upfront fee ${formatMoney(upfrontFee)}` : undefined;
      return `${licenseNames[licenseType]} executed for "${technology}" on ${executedOn}${inParentheses([fee])}`;
    }
    case 'LicenseTerminated':
      return `License ${event.data.licenseId} terminated on ${event.data.terminatedOn} (${event.data.reason})`;

    case 'TaskCreated': {
      const { title, dueAt, assignee } = event.data;
      return `Task "${title}" created for ${assigneeText(assignee)}, due ${dueAt.slice(0, 10)}`;
    }
    case 'TaskAssigned':
      return `Task "${event.data.title}" assigned to ${event.data.staffId}`;
    case 'TaskReassigned':
      return `Task ${event.data.taskId} reassigned from ${assigneeText(event.data.from)} to ${assigneeText(event.data.to)}`;
    case 'TaskStarted':
      return `Task ${event.data.taskId} started by ${event.data.startedBy}`;
    case 'TaskCompleted':
      return `Task ${event.data.taskId} completed by ${event.data.completedBy}: ${event.data.outcome}`;
    case 'TaskCancelled':
      return `Task ${event.data.taskId} cancelled by ${event.data.cancelledBy}: ${event.data.reason}`;
    case 'TaskEscalated':
      return `Task ${event.data.taskId} escalated to ${event.data.toStaffId}: ${event.data.reason}`;
  }
}
