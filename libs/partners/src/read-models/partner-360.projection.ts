import type { RecordedEvent } from '@continuum/event-store';
import { BatchWriter, type Projection, type ProjectionScope } from '@continuum/projections';
import { partner360Tables, setupPartner360Tables } from './partner-360.schema';
import { Partner360BatchWrites, Partner360Writer, type Partner360Writes } from './partner-360.writes';
import { partnerViewCategories, viewEventOf } from './partner-view-events';

export { partner360Tables } from './partner-360.schema';

export const PARTNER_360_PROJECTION = 'partner-360';

async function apply(scope: ProjectionScope, recorded: RecordedEvent): Promise<void> {
  await route(recorded, (at) => new Partner360Writer(scope, at));
}

/** Sends one event's writes to the writer for its business time. */
async function route(recorded: RecordedEvent, writerAt: (at: string) => Partner360Writes): Promise<void> {
  const view = viewEventOf(recorded);
  if (!view) return;
  const { event, at } = view;
  const write = writerAt(at);
  switch (event.type) {
    case 'PartnerRegistered':
      await write.register(event.data);
      return;
    case 'PartnerRenamed':
      await write.rename(event.data.partnerId, event.data.name);
      return;
    case 'ExternalRecordLinked':
      await write.addLinks(event.data.partnerId, [event.data]);
      return;
    case 'ExternalRecordUnlinked':
      await write.removeLinks(event.data.partnerId, [event.data]);
      return;
    case 'RelationshipOwnerAssigned':
      await write.updateProfile(event.data.partnerId, { owner_id: event.data.staffId });
      return;
    case 'ExecutiveSponsorAssigned':
      await write.updateProfile(event.data.partnerId, { sponsor_id: event.data.staffId });
      return;
    case 'TierChanged':
      await write.updateProfile(event.data.partnerId, { tier: event.data.to });
      return;
    case 'ContactAffiliated':
    case 'ContactPermissionChanged':
    case 'ContactAffiliationEnded':
      return;
    case 'InteractionLogged': {
      const { interactionId, partnerId, kind, summary, occurredAt } = event.data;
      const interactionAt = Number.isNaN(Date.parse(occurredAt)) ? at : new Date(occurredAt).toISOString();
      await writerAt(interactionAt).insertItem({
        item: 'interaction',
        itemId: interactionId,
        partnerId,
        kind,
        title: summary,
        status: 'logged',
        startsOn: interactionAt,
      });
      return;
    }
    case 'PartnerMergedInto':
      await write.merge(event.data.partnerId, event.data.survivorId, event.data.externalLinks);
      return;
    case 'DuplicateAbsorbed':
      await write.addLinks(event.data.partnerId, event.data.externalLinks);
      return;
    case 'PartnerMergeUndone':
      await write.undoMerge(event.data.partnerId, event.data.externalLinks);
      return;
    case 'DuplicateReleased':
      await write.removeLinks(event.data.partnerId, event.data.externalLinks);
      return;

    case 'AgreementSigned': {
      const { agreementId, partnerId, kind, title, value, effectiveDate, endDate } = event.data;
      await write.insertItem({
        item: 'agreement',
        itemId: agreementId,
        partnerId,
        kind,
        title,
        status: 'active',
        startsOn: effectiveDate,
        endsOn: endDate,
        value,
      });
      return;
    }
    case 'AgreementAmended': {
      const { agreementId, endDate, value } = event.data;
      await write.updateItem('agreement', agreementId, {
        ...(endDate === undefined ? {} : { ends_on: endDate }),
        ...(value === undefined ? {} : { value_amount: value.amount, value_currency: value.currency }),
      });
      return;
    }
    case 'AgreementTerminated':
      await write.updateItem('agreement', event.data.agreementId, {
        status: 'terminated',
        closed_on: event.data.terminatedOn,
      });
      return;
    case 'AgreementExpired':
      await write.updateItem('agreement', event.data.agreementId, {
        status: 'expired',
        closed_on: event.data.endDate,
      });
      return;

    case 'InternPlaced': {
      const { placementId, partnerId, program, role, startDate, endDate } = event.data;
      await write.insertItem({
        item: 'placement',
        itemId: placementId,
        partnerId,
        kind: program,
        title: role,
        status: 'placed',
        startsOn: startDate,
        endsOn: endDate,
      });
      return;
    }
    case 'PlacementCompleted': {
      const { placementId, outcome, completedOn } = event.data;
      await write.updateItem('placement', placementId, {
        status: outcome === 'ENDED_EARLY' ? 'ended-early' : 'completed',
        ...(completedOn === undefined ? {} : { closed_on: completedOn }),
      });
      return;
    }
    case 'InternConvertedToHire':
      await write.updateItem('placement', event.data.placementId, { hired_on: event.data.hiredOn });
      return;
    case 'RecruitingEventAttended': {
      const { eventId, partnerId, eventName, date, recruiters } = event.data;
      await write.insertItem({
        item: 'recruiting-event',
        itemId: `${eventId}/${partnerId}`,
        partnerId,
        title: eventName,
        status: 'attended',
        startsOn: date,
        recruiters,
      });
      return;
    }

    case 'GiftReceived': {
      const { giftId, partnerId, amount, giftType, designation, receivedOn } = event.data;
      await write.insertItem({
        item: 'gift',
        itemId: giftId,
        partnerId,
        kind: giftType,
        title: designation,
        status: 'received',
        startsOn: receivedOn,
        value: amount,
      });
      return;
    }
    case 'GiftAcknowledged':
      await write.updateItem('gift', event.data.giftId, { status: 'acknowledged' });
      return;
    case 'PledgeMade': {
      const { pledgeId, partnerId, amount, designation, madeOn } = event.data;
      await write.insertItem({
        item: 'pledge',
        itemId: pledgeId,
        partnerId,
        title: designation,
        status: 'open',
        startsOn: madeOn,
        value: amount,
        outstanding: amount.amount,
      });
      return;
    }
    case 'PledgePaymentApplied':
      await write.updateItem('pledge', event.data.pledgeId, {
        outstanding_amount: event.data.outstanding.amount,
      });
      return;
    case 'PledgeFulfilled':
      await write.updateItem('pledge', event.data.pledgeId, {
        status: 'fulfilled',
        outstanding_amount: 0,
        closed_on: event.data.fulfilledOn,
      });
      return;
    case 'PledgeWrittenOff':
      await write.updateItem('pledge', event.data.pledgeId, {
        status: 'written-off',
        outstanding_amount: 0,
        closed_on: event.data.writtenOffOn,
      });
      return;

    case 'AdvisorySeatAccepted': {
      const { boardId, boardName, partnerId, termStart, termEnd } = event.data;
      await write.insertItem({
        item: 'advisory-seat',
        itemId: `${boardId}/${partnerId}/${termStart}`,
        partnerId,
        kind: boardId,
        title: boardName,
        status: 'active',
        startsOn: termStart,
        endsOn: termEnd,
      });
      return;
    }
    case 'AdvisorySeatEnded': {
      const { boardId, partnerId, termStart, endedOn } = event.data;
      await write.updateItem('advisory-seat', `${boardId}/${partnerId}/${termStart}`, {
        status: 'ended',
        closed_on: endedOn,
      });
      return;
    }
    case 'CapstoneSponsored': {
      const { projectId, partnerId, course, term, value } = event.data;
      await write.insertItem({
        item: 'capstone',
        itemId: projectId,
        partnerId,
        kind: term,
        title: course,
        status: 'active',
        // The contract names an academic term, not a day: the sponsorship's business time dates it.
        startsOn: at.slice(0, 10),
        value,
      });
      return;
    }
    case 'CapstoneCompleted':
      await write.updateItem('capstone', event.data.projectId, {
        status: 'completed',
        closed_on: event.data.completedOn,
      });
      return;

    case 'TrainingContractSigned': {
      const { contractId, partnerId, programName, seats, value, startDate, endDate } = event.data;
      await write.insertItem({
        item: 'training-contract',
        itemId: contractId,
        partnerId,
        title: programName,
        status: 'active',
        startsOn: startDate,
        endsOn: endDate,
        value,
        seats,
      });
      return;
    }
    case 'TrainingSeatsChanged':
      await write.updateItem('training-contract', event.data.contractId, { seats: event.data.seats });
      return;
    case 'TrainingContractCompleted':
      await write.updateItem('training-contract', event.data.contractId, {
        status: 'completed',
        closed_on: event.data.completedOn,
      });
      return;

    case 'LicenseExecuted': {
      const { licenseId, partnerId, technology, licenseType, upfrontFee, executedOn } = event.data;
      await write.insertItem({
        item: 'license',
        itemId: licenseId,
        partnerId,
        kind: licenseType,
        title: technology,
        status: 'active',
        startsOn: executedOn,
        value: upfrontFee,
      });
      return;
    }
    case 'LicenseTerminated':
      await write.updateItem('license', event.data.licenseId, {
        status: 'terminated',
        closed_on: event.data.terminatedOn,
      });
      return;

    case 'TaskCreated':
      await write.task(event.data.taskId, event.data.partnerId, true);
      return;
    case 'TaskCompleted':
    case 'TaskCancelled':
      await write.task(event.data.taskId, event.data.partnerId, false);
      return;
    case 'TaskAssigned':
    case 'TaskReassigned':
    case 'TaskStarted':
    case 'TaskEscalated':
      return;
  }
}

async function applyBatch(scope: ProjectionScope, events: readonly RecordedEvent[]): Promise<void> {
  const writer = new BatchWriter(scope);
  for (const recorded of events) await route(recorded, (at) => new Partner360BatchWrites(writer, at));
  await writer.flush();
}

/**
 * Partner profiles, every continuum line's items as dated facts, merge aliases and open tasks: what
 * the partner 360, the partner list and the engagement score are computed from at query time.
 */
export const partner360Projection: Projection = {
  name: PARTNER_360_PROJECTION,
  tables: Object.values(partner360Tables),
  filter: { streamCategories: partnerViewCategories },
  setup: setupPartner360Tables,
  apply,
  applyBatch,
};
