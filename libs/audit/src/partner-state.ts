import type { Money } from '@continuum/kernel';
import {
  dayOf,
  engagementItems,
  viewEventOf,
  type ContinuumLine,
  type EngagementItem,
  type PartnerViewEvent,
} from '@continuum/partners';
import type { RecordedEvent } from '@continuum/event-store';

/** One item of a continuum line (an agreement, a gift, a seat ...) as the events left it. */
export interface LineItem {
  readonly item: EngagementItem;
  readonly itemId: string;
  readonly line: ContinuumLine | 'interactions';
  /** The partner whose event created it (a duplicate merged into this partner, or the partner). */
  readonly partnerId: string;
  readonly kind: string | null;
  readonly title: string | null;
  readonly status: string;
  readonly startsOn: string;
  readonly endsOn: string | null;
  readonly closedOn: string | null;
  readonly hiredOn: string | null;
  readonly value: Money | null;
  readonly outstanding: string | null;
  readonly seats: number | null;
  /** Business time of the latest event about the item. */
  readonly lastEventAt: string;
}

export interface TaskFact {
  readonly taskId: string;
  readonly title: string;
  readonly status: 'open' | 'in-progress' | 'completed' | 'cancelled';
  readonly assignee: string;
  readonly dueAt: string;
}

/** The partner's record folded from its events: what the 360 is made of, at any moment. */
export interface PartnerFacts {
  readonly partnerId: string;
  readonly registered: boolean;
  readonly name: string | null;
  readonly tier: string | null;
  readonly webDomain: string | null;
  readonly industry: string | null;
  readonly region: string | null;
  readonly registeredAt: string | null;
  readonly ownerId: string | null;
  readonly sponsorId: string | null;
  readonly mergedInto: string | null;
  readonly externalLinks: readonly { readonly system: string; readonly externalId: string }[];
  readonly contacts: Readonly<
    Record<string, { readonly name: string; readonly role: string; readonly active: boolean }>
  >;
  readonly items: Readonly<Record<string, LineItem>>;
  readonly tasks: Readonly<Record<string, TaskFact>>;
  readonly lastInteraction: { readonly at: string; readonly kind: string; readonly summary: string } | null;
  readonly eventsFolded: number;
  /** Global position of the last event folded, or null. */
  readonly lastPosition: string | null;
}

export const initialPartnerFacts = (partnerId: string): PartnerFacts => ({
  partnerId,
  registered: false,
  name: null,
  tier: null,
  webDomain: null,
  industry: null,
  region: null,
  registeredAt: null,
  ownerId: null,
  sponsorId: null,
  mergedInto: null,
  externalLinks: [],
  contacts: {},
  items: {},
  tasks: {},
  lastInteraction: null,
  eventsFolded: 0,
  lastPosition: null,
});

const key = (item: EngagementItem, itemId: string): string => `${item}/${itemId}`;
const assigneeOf = (assignee: { staffId: string } | { team: string }): string =>
  'staffId' in assignee ? assignee.staffId : `team:${assignee.team}`;

interface NewItem {
  readonly item: EngagementItem;
  readonly itemId: string;
  readonly startsOn: string;
  readonly status: string;
  readonly kind?: string;
  readonly title?: string;
  readonly endsOn?: string;
  readonly value?: Money;
  readonly outstanding?: string;
  readonly seats?: number;
}

type Draft = {
  -readonly [K in keyof PartnerFacts]: K extends 'items'
    ? Record<string, LineItem>
    : K extends 'tasks'
      ? Record<string, TaskFact>
      : K extends 'contacts'
        ? Record<string, PartnerFacts['contacts'][string]>
        : PartnerFacts[K];
};

const draftOf = (facts: PartnerFacts): Draft => ({
  ...facts,
  externalLinks: [...facts.externalLinks],
  contacts: { ...facts.contacts },
  items: { ...facts.items },
  tasks: { ...facts.tasks },
});

/**
 * Folds events about the partner (and duplicates merged into it) into its facts. Pure to its callers:
 * the draft it mutates is its own copy, so a long history folds in linear time.
 */
export function foldPartnerFacts(
  partnerId: string,
  events: Iterable<RecordedEvent>,
  from: PartnerFacts = initialPartnerFacts(partnerId),
): PartnerFacts {
  const draft = draftOf(from);
  for (const event of events) foldInto(draft, event);
  return draft;
}

/** One step of the fold (Given/When/Then friendly); folding many at once is foldPartnerFacts. */
export const evolvePartnerFacts = (facts: PartnerFacts, recorded: RecordedEvent): PartnerFacts =>
  foldPartnerFacts(facts.partnerId, [recorded], facts);

/** The streaming form of the fold: feed events one by one, read the facts at any point. */
export class PartnerFactsFold {
  private readonly draft: Draft;
  constructor(partnerId: string, from: PartnerFacts = initialPartnerFacts(partnerId)) {
    this.draft = draftOf(from);
  }
  add(event: RecordedEvent): void {
    foldInto(this.draft, event);
  }
  get facts(): PartnerFacts {
    return draftOf(this.draft);
  }
}

function foldInto(facts: Draft, recorded: RecordedEvent): void {
  facts.eventsFolded += 1;
  facts.lastPosition = recorded.position.commit.toString();
  const view = viewEventOf(recorded);
  if (view) applyEvent(facts, view.event, view.at);
}

function applyEvent(facts: Draft, event: PartnerViewEvent, at: string): void {
  const own = event.data.partnerId === facts.partnerId;
  const day = (text: string): string => dayOf(text, at.slice(0, 10));
  const addItem = (row: NewItem): void => {
    const id = key(row.item, row.itemId);
    if (facts.items[id]) return;
    facts.items[id] = {
      item: row.item,
      itemId: row.itemId,
      line: engagementItems[row.item],
      partnerId: event.data.partnerId,
      kind: row.kind ?? null,
      title: row.title ?? null,
      status: row.status,
      startsOn: day(row.startsOn),
      endsOn: row.endsOn === undefined ? null : day(row.endsOn),
      closedOn: null,
      hiredOn: null,
      value: row.value ?? null,
      outstanding: row.outstanding ?? null,
      seats: row.seats ?? null,
      lastEventAt: at,
    };
  };
  const changeItem = (item: EngagementItem, itemId: string, changes: Partial<LineItem>): void => {
    const id = key(item, itemId);
    const current = facts.items[id];
    if (!current) return;
    const lastEventAt = at > current.lastEventAt ? at : current.lastEventAt;
    facts.items[id] = { ...current, ...changes, lastEventAt };
  };
  const profile = (changes: Partial<Draft>): void => {
    if (own) Object.assign(facts, changes);
  };
  const task = (taskId: string, changes: Partial<TaskFact>): void => {
    const current = facts.tasks[taskId];
    if (current) facts.tasks[taskId] = { ...current, ...changes };
  };

  switch (event.type) {
    case 'PartnerRegistered': {
      const { name, tier, webDomain, industry, region } = event.data;
      profile({
        registered: true,
        name,
        tier,
        webDomain: webDomain ?? null,
        industry: industry ?? null,
        region: region ?? null,
        registeredAt: at,
      });
      return;
    }
    case 'PartnerRenamed':
      profile({ name: event.data.name });
      return;
    case 'ExternalRecordLinked':
      profile({
        externalLinks: [
          ...facts.externalLinks,
          { system: event.data.system, externalId: event.data.externalId },
        ],
      });
      return;
    case 'ExternalRecordUnlinked':
      profile({
        externalLinks: facts.externalLinks.filter(
          (l) => l.system !== event.data.system || l.externalId !== event.data.externalId,
        ),
      });
      return;
    case 'RelationshipOwnerAssigned':
      profile({ ownerId: event.data.staffId });
      return;
    case 'ExecutiveSponsorAssigned':
      profile({ sponsorId: event.data.staffId });
      return;
    case 'TierChanged':
      profile({ tier: event.data.to });
      return;
    case 'ContactAffiliated':
      if (own)
        facts.contacts[event.data.contactId] = { name: event.data.name, role: event.data.role, active: true };
      return;
    case 'ContactAffiliationEnded': {
      const contact = facts.contacts[event.data.contactId];
      if (contact) facts.contacts[event.data.contactId] = { ...contact, active: false };
      return;
    }
    case 'ContactPermissionChanged':
      return;
    case 'InteractionLogged': {
      const { interactionId, kind, summary, occurredAt } = event.data;
      const when = Number.isNaN(Date.parse(occurredAt)) ? at : new Date(occurredAt).toISOString();
      addItem({
        item: 'interaction',
        itemId: interactionId,
        kind,
        title: summary,
        status: 'logged',
        startsOn: when,
      });
      if (!facts.lastInteraction || when >= facts.lastInteraction.at)
        facts.lastInteraction = { at: when, kind, summary };
      return;
    }
    case 'PartnerMergedInto':
      profile({ mergedInto: event.data.survivorId });
      return;
    case 'PartnerMergeUndone':
      profile({ mergedInto: null });
      return;
    case 'DuplicateAbsorbed':
    case 'DuplicateReleased':
      return;

    case 'AgreementSigned': {
      const { agreementId, kind, title, value, effectiveDate, endDate } = event.data;
      addItem({
        item: 'agreement',
        itemId: agreementId,
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
      changeItem('agreement', agreementId, {
        ...(endDate === undefined ? {} : { endsOn: day(endDate) }),
        ...(value === undefined ? {} : { value }),
      });
      return;
    }
    case 'AgreementTerminated':
      changeItem('agreement', event.data.agreementId, {
        status: 'terminated',
        closedOn: day(event.data.terminatedOn),
      });
      return;
    case 'AgreementExpired':
      changeItem('agreement', event.data.agreementId, {
        status: 'expired',
        closedOn: day(event.data.endDate),
      });
      return;

    case 'InternPlaced': {
      const { placementId, program, role, startDate, endDate } = event.data;
      addItem({
        item: 'placement',
        itemId: placementId,
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
      changeItem('placement', placementId, {
        status: outcome === 'ENDED_EARLY' ? 'ended-early' : 'completed',
        ...(completedOn === undefined ? {} : { closedOn: day(completedOn) }),
      });
      return;
    }
    case 'InternConvertedToHire':
      changeItem('placement', event.data.placementId, { hiredOn: day(event.data.hiredOn) });
      return;
    case 'RecruitingEventAttended': {
      const { eventId, partnerId, eventName, date } = event.data;
      addItem({
        item: 'recruiting-event',
        itemId: `${eventId}/${partnerId}`,
        title: eventName,
        status: 'attended',
        startsOn: date,
      });
      return;
    }

    case 'GiftReceived': {
      const { giftId, amount, giftType, designation, receivedOn } = event.data;
      addItem({
        item: 'gift',
        itemId: giftId,
        kind: giftType,
        title: designation,
        status: 'received',
        startsOn: receivedOn,
        value: amount,
      });
      return;
    }
    case 'GiftAcknowledged':
      changeItem('gift', event.data.giftId, { status: 'acknowledged' });
      return;
    case 'PledgeMade': {
      const { pledgeId, amount, designation, madeOn } = event.data;
      addItem({
        item: 'pledge',
        itemId: pledgeId,
        title: designation,
        status: 'open',
        startsOn: madeOn,
        value: amount,
        outstanding: amount.amount,
      });
      return;
    }
    case 'PledgePaymentApplied':
      changeItem('pledge', event.data.pledgeId, { outstanding: event.data.outstanding.amount });
      return;
    case 'PledgeFulfilled':
      changeItem('pledge', event.data.pledgeId, {
        status: 'fulfilled',
        outstanding: '0.00',
        closedOn: day(event.data.fulfilledOn),
      });
      return;
    case 'PledgeWrittenOff':
      changeItem('pledge', event.data.pledgeId, {
        status: 'written-off',
        outstanding: '0.00',
        closedOn: day(event.data.writtenOffOn),
      });
      return;

    case 'AdvisorySeatAccepted': {
      const { boardId, boardName, partnerId, termStart, termEnd } = event.data;
      addItem({
        item: 'advisory-seat',
        itemId: `${boardId}/${partnerId}/${termStart}`,
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
      changeItem('advisory-seat', `${boardId}/${partnerId}/${termStart}`, {
        status: 'ended',
        closedOn: day(endedOn),
      });
      return;
    }
    case 'CapstoneSponsored': {
      const { projectId, course, term, value } = event.data;
      addItem({
        item: 'capstone',
        itemId: projectId,
        kind: term,
        title: course,
        status: 'active',
        startsOn: at.slice(0, 10),
        value,
      });
      return;
    }
    case 'CapstoneCompleted':
      changeItem('capstone', event.data.projectId, {
        status: 'completed',
        closedOn: day(event.data.completedOn),
      });
      return;

    case 'TrainingContractSigned': {
      const { contractId, programName, seats, value, startDate, endDate } = event.data;
      addItem({
        item: 'training-contract',
        itemId: contractId,
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
      changeItem('training-contract', event.data.contractId, { seats: event.data.seats });
      return;
    case 'TrainingContractCompleted':
      changeItem('training-contract', event.data.contractId, {
        status: 'completed',
        closedOn: day(event.data.completedOn),
      });
      return;

    case 'LicenseExecuted': {
      const { licenseId, technology, licenseType, upfrontFee, executedOn } = event.data;
      addItem({
        item: 'license',
        itemId: licenseId,
        kind: licenseType,
        title: technology,
        status: 'active',
        startsOn: executedOn,
        value: upfrontFee,
      });
      return;
    }
    case 'LicenseTerminated':
      changeItem('license', event.data.licenseId, {
        status: 'terminated',
        closedOn: day(event.data.terminatedOn),
      });
      return;

    case 'TaskCreated': {
      const { taskId, title, dueAt, assignee } = event.data;
      facts.tasks[taskId] ??= { taskId, title, status: 'open', assignee: assigneeOf(assignee), dueAt };
      return;
    }
    case 'TaskAssigned':
      task(event.data.taskId, { assignee: event.data.staffId });
      return;
    case 'TaskReassigned':
      task(event.data.taskId, { assignee: assigneeOf(event.data.to) });
      return;
    case 'TaskStarted':
      task(event.data.taskId, { status: 'in-progress' });
      return;
    case 'TaskEscalated':
      task(event.data.taskId, { assignee: event.data.toStaffId });
      return;
    case 'TaskCompleted':
      task(event.data.taskId, { status: 'completed' });
      return;
    case 'TaskCancelled':
      task(event.data.taskId, { status: 'cancelled' });
      return;
  }
}
