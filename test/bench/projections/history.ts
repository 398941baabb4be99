import {
  acknowledgementChannels,
  giftStream,
  pledgeStream,
  type GiftEvent,
  type GiftType,
  type PledgeEvent,
} from '@continuum/advancement';
import {
  internshipPlacementStream,
  recruitingEventAttendanceStream,
  type InternshipPlacementEvent,
  type RecruitingEventAttendanceEvent,
} from '@continuum/careers';
import {
  advisoryBoardStream,
  capstoneStream,
  type AdvisoryBoardEvent,
  type CapstoneEvent,
} from '@continuum/curriculum';
import type { EventMetadata, ExpectedRevision, NewEvent } from '@continuum/event-store';
import { money, type Money } from '@continuum/kernel';
import {
  partnerStream,
  partnerTiers,
  type ContactPermission,
  type PartnerEvent,
  type PartnerTier,
} from '@continuum/partners';
import { agreementKinds, researchAgreementStream, type ResearchAgreementEvent } from '@continuum/research';
import { staffMemberStream, teams, type StaffMemberEvent, type Team } from '@continuum/staff';
import { taskStream, type TaskAssignee, type TaskEvent } from '@continuum/tasks';
import { licenseStream, licenseTypes, type LicenseEvent } from '@continuum/tech-transfer';
import { trainingContractStream, type TrainingContractEvent } from '@continuum/workforce';
import { randomUUID } from 'node:crypto';
import { Random } from './random';

/** Every event the bench writes, typed by the deciders' own unions so a wrong data shape fails the type check. */
export type BenchEvent =
  | PartnerEvent
  | StaffMemberEvent
  | TaskEvent
  | ResearchAgreementEvent
  | InternshipPlacementEvent
  | RecruitingEventAttendanceEvent
  | GiftEvent
  | PledgeEvent
  | AdvisoryBoardEvent
  | CapstoneEvent
  | TrainingContractEvent
  | LicenseEvent;

export interface PlannedEvent extends NewEvent {
  /** Business time, ms since the epoch (also `metadata.occurredAt`). */
  readonly at: number;
}

export interface PlannedAppend {
  readonly stream: string;
  readonly events: readonly PlannedEvent[];
  readonly expected: ExpectedRevision;
}

export interface HistorySummary {
  readonly events: number;
  readonly appends: number;
  readonly streams: number;
  readonly byType: ReadonlyMap<string, number>;
  readonly from: Date;
  readonly to: Date;
}

export interface HistoryPlan {
  readonly summary: HistorySummary;
  /** In business-time order; appends to the same stream must go in this order. */
  readonly appends: readonly PlannedAppend[];
}

/** Where one generated event goes: the history plan, or the live writer's queue. */
export type EventSink = (stream: string, event: BenchEvent, at: number) => void;

const DAY = 86_400_000;
const YEAR = 365 * DAY;
const iso = (at: number): string => new Date(at).toISOString();
const day = (at: number): string => iso(at).slice(0, 10);

/** Where each stream category's events come from: staff at the API, or a campus system's integration. */
const sourceSystems: Record<string, string> = {
  partner: 'continuum-api',
  staff: 'continuum-api',
  task: 'continuum-api',
  agreement: 'research-administration',
  placement: 'career-services',
  recruiting: 'career-services',
  gift: 'advancement-crm',
  pledge: 'advancement-crm',
  advisory: 'curriculum-office',
  capstone: 'curriculum-office',
  training: 'workforce-development',
  license: 'tech-transfer-office',
};

const episodeMix = [
  ['interaction', 30],
  ['task', 18],
  ['gift', 12],
  ['recruiting', 8],
  ['placement', 7],
  ['agreement', 5],
  ['capstone', 4],
  ['training', 3],
  ['pledge', 2],
  ['license', 2],
  ['advisory', 2],
  ['tier', 2],
  ['owner', 1],
] as const;
type EpisodeKind = (typeof episodeMix)[number][0];
/** Measured average events per episode with this mix: sizes each round of episodes. */
const EVENTS_PER_EPISODE = 1.9;

const words = {
  first: ['Northwind', 'Blue', 'Summit', 'Cedar', 'Apex', 'Harbor', 'Silver', 'Granite', 'Pioneer', 'Lumen'],
  second: ['Robotics', 'Analytics', 'Health', 'Energy', 'Foods', 'Logistics', 'Bio', 'Materials', 'Labs'],
  legal: ['Inc.', 'Ltd', 'GmbH', 'LLC', 'Group', 'Co.'],
  industries: ['manufacturing', 'software', 'healthcare', 'energy', 'finance', 'agriculture', 'logistics'],
  regions: ['north-east', 'midwest', 'south', 'west', 'international'],
  people: ['Ada', 'Grace', 'Alan', 'Katherine', 'Linus', 'Margaret', 'Tim', 'Barbara', 'Ken', 'Frances'],
  surnames: ['Lovelace', 'Hopper', 'Turing', 'Johnson', 'Torvalds', 'Hamilton', 'Lee', 'Liskov', 'Allen'],
  roles: ['CTO', 'HR director', 'University relations', 'Foundation officer', 'R&D lead', 'Recruiter'],
  programs: ['Computer Science', 'Mechanical Engineering', 'Biology', 'Business', 'Data Science'],
  departments: ['Chemistry', 'Physics', 'Computer Science', 'Medicine', 'Materials Science'],
  designations: [
    'Scholarship fund',
    'Engineering building',
    'Unrestricted',
    'Student success',
    'Lab equipment',
  ],
  taskKinds: ['follow-up', 'acknowledge-gift', 'renew-agreement', 'thank-recruiters', 'prepare-visit'],
  boards: ['Engineering', 'Business School', 'Computing', 'Life Sciences', 'Design', 'Law', 'Nursing'],
} as const;

interface StaffMember {
  readonly staffId: string;
  readonly teams: readonly Team[];
  managerId: string | undefined;
}

interface PartnerProfile {
  readonly partnerId: string;
  readonly registeredAt: number;
  readonly weight: number;
  readonly currency: string;
  tier: PartnerTier;
  ownerId: string | undefined;
  readonly contacts: { readonly contactId: string; readonly permission: ContactPermission }[];
  readonly boards: Set<string>;
  readonly recruiting: Set<string>;
}

interface RecruitingEvent {
  readonly eventId: string;
  readonly eventName: string;
  readonly date: number;
}

/**
 * When a follow-up happens: `base` plus some days, or undefined once that is past the end of the
 * history (or, live, anything not immediate: the live phase appends only what happens now).
 */
type FollowUp = (base: number, minDays: number, maxDays: number) => number | undefined;

/**
 * Three years of an industry-engagement office: staff, partners registered over time (heavy-tailed
 * activity), and every continuum line's items with their follow-ups, as each decider would emit them.
 */
export class ContinuumHistory {
  private readonly random: Random;
  private readonly staff: StaffMember[] = [];
  private readonly partners: PartnerProfile[] = [];
  private readonly partnersById = new Map<string, PartnerProfile>();
  private readonly cumulativeWeights: number[] = [];
  private readonly recruitingEvents: RecruitingEvent[] = [];
  private readonly boards: { readonly boardId: string; readonly boardName: string }[];
  private readonly from: number;
  private readonly to: number;
  /** Revision of every stream written so far: the live writer continues from them. */
  readonly revisions = new Map<string, number>();

  constructor(private readonly options: { events: number; partners: number; seed: number; now: Date }) {
    this.random = new Random(options.seed);
    this.to = options.now.getTime();
    this.from = this.to - 3 * YEAR;
    this.boards = words.boards.flatMap((school) =>
      ['Industry Advisory Board', 'Research Council'].map((suffix) => ({
        boardId: randomUUID(),
        boardName: `${school} ${suffix}`,
      })),
    );
    const recruitingPerYear = 40;
    for (let i = 0; i < recruitingPerYear * 3 + 12; i++) {
      const date = this.from + this.random.between(0, 3 * YEAR + 90 * DAY);
      this.recruitingEvents.push({
        eventId: randomUUID(),
        eventName: `${this.random.pick(words.programs)} career fair ${new Date(date).getUTCFullYear()}`,
        date: Math.floor(date / DAY) * DAY,
      });
    }
    this.recruitingEvents.sort((a, b) => a.date - b.date);
  }

  /** Plans the whole history: every stream's events in order, grouped into appends of one quarter each. */
  plan(): HistoryPlan {
    const streams = new Map<string, PlannedEvent[]>();
    let written = 0;
    const sink: EventSink = (stream, event, at) => {
      let list = streams.get(stream);
      if (!list) streams.set(stream, (list = []));
      list.push(this.planned(stream, event, at));
      written += 1;
    };
    const staffCount = Math.max(10, Math.round(this.options.partners / 50));
    for (let i = 0; i < staffCount; i++) this.registerStaff(sink, i);
    for (let i = 0; i < this.options.partners; i++) this.registerPartner(sink, i);
    const history = this.followUp(this.to);
    while (written < this.options.events) {
      const remaining = this.options.events - written;
      const episodes = Array.from({ length: Math.ceil(remaining / EVENTS_PER_EPISODE) }, () => {
        const partner = this.pickPartner();
        const earliest = partner.registeredAt + 7 * DAY;
        const at = earliest + this.random.next() * Math.max(0, this.to - earliest);
        return { partner, at, kind: this.random.weighted(episodeMix) };
      }).sort((a, b) => a.at - b.at);
      for (const episode of episodes) {
        this.episode(sink, episode.kind, episode.partner, episode.at, history);
        if (written >= this.options.events) break;
      }
    }
    for (const [stream, list] of streams) {
      list.sort((a, b) => a.at - b.at);
      if (stream.startsWith('partner-')) this.settlePartnerStream(list);
    }
    return this.appendsOf(streams);
  }

  /** The next live event(s) of a random partner, dated `now`; follow-ups that would come later are left out. */
  live(now: number): { stream: string; event: PlannedEvent }[] {
    const events: { stream: string; event: PlannedEvent }[] = [];
    const sink: EventSink = (stream, event, at) =>
      events.push({ stream, event: this.planned(stream, event, at) });
    if (this.random.chance(0.005)) this.registerStaff(sink, this.staff.length, now);
    else
      this.episode(sink, this.random.weighted(episodeMix), this.pickPartner(), now, (base, min, max) =>
        min === 0 && max === 0 ? base : undefined,
      );
    return events;
  }

  private followUp(end: number): FollowUp {
    return (base, minDays, maxDays) => {
      const at = base + this.random.between(minDays, maxDays) * DAY;
      return at <= end ? at : undefined;
    };
  }

  private planned(stream: string, event: BenchEvent, at: number): PlannedEvent {
    const category = stream.slice(0, stream.indexOf('-'));
    const sourceSystem = sourceSystems[category] ?? 'continuum-api';
    const actor =
      sourceSystem === 'continuum-api' && this.staff.length > 0
        ? this.random.pick(this.staff).staffId
        : sourceSystem;
    const metadata: EventMetadata = {
      correlationId: randomUUID(),
      actor,
      sourceSystem,
      occurredAt: iso(at),
    };
    return { id: randomUUID(), type: event.type, data: event.data, metadata, at };
  }

  private appendsOf(streams: Map<string, PlannedEvent[]>): HistoryPlan {
    const quarter = (at: number): number => Math.floor((at - this.from) / (YEAR / 4));
    const appends: (PlannedAppend & { order: number })[] = [];
    const byType = new Map<string, number>();
    let events = 0;
    for (const [stream, list] of streams) {
      let revision = -1;
      for (let start = 0; start < list.length;) {
        const q = quarter(list[start]!.at);
        let end = start + 1;
        while (end < list.length && quarter(list[end]!.at) === q) end++;
        const batch = list.slice(start, end);
        appends.push({
          stream,
          events: batch,
          expected: revision < 0 ? 'no_stream' : revision,
          order: q * 4 * YEAR + batch[0]!.at,
        });
        revision += batch.length;
        start = end;
      }
      for (const event of list) byType.set(event.type, (byType.get(event.type) ?? 0) + 1);
      this.revisions.set(stream, revision);
      events += list.length;
    }
    appends.sort((a, b) => a.order - b.order);
    return {
      summary: {
        events,
        appends: appends.length,
        streams: streams.size,
        byType,
        from: new Date(this.from),
        to: new Date(this.to),
      },
      appends: appends.map(({ order: _order, ...append }) => append),
    };
  }

  private pickPartner(): PartnerProfile {
    const total = this.cumulativeWeights[this.cumulativeWeights.length - 1] ?? 0;
    const roll = this.random.next() * total;
    let low = 0;
    let high = this.cumulativeWeights.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.cumulativeWeights[middle]! > roll) high = middle;
      else low = middle + 1;
    }
    return this.partners[low]!;
  }

  private staffId(): string {
    return this.random.pick(this.staff).staffId;
  }

  private registerStaff(sink: EventSink, index: number, at = this.from): void {
    const staffId = randomUUID();
    const memberTeams = [...new Set([this.random.pick(teams), this.random.pick(teams)])];
    const managers = this.staff.slice(0, 10);
    const managerId = managers.length > 0 ? this.random.pick(managers).staffId : undefined;
    const name = `${this.random.pick(words.people)} ${this.random.pick(words.surnames)}`;
    this.staff.push({ staffId, teams: memberTeams, managerId });
    sink(
      staffMemberStream(staffId),
      {
        type: 'StaffMemberRegistered',
        data: {
          staffId,
          name,
          email: `staff${index}.${this.random.hex(4)}@university.example`,
          teams: memberTeams,
          ...(managerId === undefined ? {} : { managerId }),
        },
      },
      at,
    );
    const later = this.followUp(this.to)(at, 30, 900);
    if (later !== undefined && managers.length > 1 && this.random.chance(0.1)) {
      const member = this.staff[this.staff.length - 1]!;
      const next = this.random.pick(managers.filter((m) => m.staffId !== member.managerId)).staffId;
      sink(
        staffMemberStream(staffId),
        {
          type: 'StaffManagerAssigned',
          data: {
            staffId,
            managerId: next,
            ...(member.managerId === undefined ? {} : { previousManagerId: member.managerId }),
          },
        },
        later,
      );
      member.managerId = next;
    }
  }

  private registerPartner(sink: EventSink, index: number): void {
    const r = this.random;
    const partnerId = randomUUID();
    // Early years register more partners; the last months register none, so every partner has a history.
    const registeredAt = this.from + r.next() ** 1.5 * 0.85 * 3 * YEAR;
    const tier: PartnerTier = r.chance(0.2) ? 'engaged' : 'prospect';
    const partner: PartnerProfile = {
      partnerId,
      registeredAt,
      weight: r.pareto(1.4, 150),
      currency: r.weighted([
        ['USD', 90],
        ['EUR', 5],
        ['GBP', 5],
      ]),
      tier,
      ownerId: undefined,
      contacts: [],
      boards: new Set(),
      recruiting: new Set(),
    };
    this.partners.push(partner);
    this.partnersById.set(partnerId, partner);
    this.cumulativeWeights.push((this.cumulativeWeights[index - 1] ?? 0) + partner.weight);
    const stream = partnerStream(partnerId);
    const first = r.pick(words.first);
    const second = r.pick(words.second);
    const parent = index > 10 && r.chance(0.03) ? r.pick(this.partners.slice(0, index)) : undefined;
    sink(
      stream,
      {
        type: 'PartnerRegistered',
        data: {
          partnerId,
          name: `${first} ${second} ${index} ${r.pick(words.legal)}`,
          ...(r.chance(0.9)
            ? {
                webDomain:
                  `${first}-${second}-${index}.${r.pick(['com', 'io', 'co.uk', 'de'])}`.toLowerCase(),
              }
            : {}),
          industry: r.pick(words.industries),
          region: r.pick(words.regions),
          ...(parent ? { parentPartnerId: parent.partnerId } : {}),
          tier,
          registeredVia: r.chance(0.7) ? 'staff' : 'campus-system',
        },
      },
      registeredAt,
    );
    if (r.chance(0.9)) {
      partner.ownerId = this.staffId();
      sink(
        stream,
        { type: 'RelationshipOwnerAssigned', data: { partnerId, staffId: partner.ownerId } },
        registeredAt + r.between(0, 2) * DAY,
      );
    }
    if (r.chance(0.5))
      sink(
        stream,
        {
          type: 'ExternalRecordLinked',
          data: {
            partnerId,
            system: r.pick(['advancement', 'careers', 'research']),
            externalId: `ORG-${r.int(10_000, 99_999)}`,
          },
        },
        registeredAt + r.between(0, 3) * DAY,
      );
    const contacts = r.int(1, 3);
    for (let c = 0; c < contacts; c++) {
      const contactId = randomUUID();
      const permission = r.weighted<ContactPermission>([
        ['free', 80],
        ['notify-owner-first', 15],
        ['do-not-contact', 5],
      ]);
      const person = `${r.pick(words.people)} ${r.pick(words.surnames)}`;
      partner.contacts.push({ contactId, permission });
      sink(
        stream,
        {
          type: 'ContactAffiliated',
          data: {
            partnerId,
            contactId,
            name: person,
            ...(r.chance(0.8) ? { email: `contact${index}.${c}@partner.example` } : {}),
            role: r.pick(words.roles),
            permission,
          },
        },
        registeredAt + r.between(0, 5) * DAY,
      );
    }
  }

  /** Tier and owner changes were drawn out of order: chain `from`/`previousStaffId` in stream order. */
  private settlePartnerStream(list: PlannedEvent[]): void {
    const first = list[0]?.data as { partnerId: string; tier: PartnerTier };
    const partner = this.partnersById.get(first.partnerId);
    if (!partner) return;
    let tier = first.tier;
    let owner: string | undefined;
    list.forEach((planned, index) => {
      const event = { type: planned.type, data: planned.data } as PartnerEvent;
      if (event.type === 'TierChanged') {
        const to = this.nextTier(tier);
        list[index] = { ...planned, data: { ...event.data, from: tier, to } };
        tier = to;
      } else if (event.type === 'RelationshipOwnerAssigned') {
        let staffId = event.data.staffId;
        while (staffId === owner) staffId = this.staffId();
        list[index] = {
          ...planned,
          data: { partnerId: event.data.partnerId, staffId, ...(owner ? { previousStaffId: owner } : {}) },
        };
        owner = staffId;
      }
    });
    partner.tier = tier;
    partner.ownerId = owner;
  }

  private nextTier(tier: PartnerTier): PartnerTier {
    const index = partnerTiers.indexOf(tier);
    const up = index < partnerTiers.length - 1 && (index === 0 || this.random.chance(0.8));
    return partnerTiers[up ? index + 1 : index - 1]!;
  }

  private amount(partner: PartnerProfile, min: number, max: number): Money {
    const cents = Math.round(this.random.between(min, max) / 50) * 5_000;
    return money((cents / 100).toFixed(2), partner.currency);
  }

  private episode(
    sink: EventSink,
    kind: EpisodeKind,
    partner: PartnerProfile,
    at: number,
    later: FollowUp,
  ): void {
    switch (kind) {
      case 'interaction':
        this.interaction(sink, partner, at);
        return;
      case 'task':
        this.task(sink, partner, at, later);
        return;
      case 'gift':
        this.gift(sink, partner, at, later, this.random.weighted(giftMix), undefined);
        return;
      case 'recruiting':
        this.recruiting(sink, partner, at);
        return;
      case 'placement':
        this.placement(sink, partner, at, later);
        return;
      case 'agreement':
        this.agreement(sink, partner, at, later);
        return;
      case 'capstone':
        this.capstone(sink, partner, at, later);
        return;
      case 'training':
        this.training(sink, partner, at, later);
        return;
      case 'pledge':
        this.pledge(sink, partner, at, later);
        return;
      case 'license':
        this.license(sink, partner, at, later);
        return;
      case 'advisory':
        this.advisory(sink, partner, at, later);
        return;
      case 'tier': {
        const to = this.nextTier(partner.tier);
        const { partnerId } = partner;
        sink(
          partnerStream(partnerId),
          { type: 'TierChanged', data: { partnerId, from: partner.tier, to, reason: 'Annual review' } },
          at,
        );
        partner.tier = to;
        return;
      }
      case 'owner': {
        const { partnerId, ownerId } = partner;
        let staffId = this.staffId();
        while (staffId === ownerId) staffId = this.staffId();
        sink(
          partnerStream(partnerId),
          {
            type: 'RelationshipOwnerAssigned',
            data: { partnerId, staffId, ...(ownerId ? { previousStaffId: ownerId } : {}) },
          },
          at,
        );
        partner.ownerId = staffId;
        return;
      }
    }
  }

  private interaction(sink: EventSink, partner: PartnerProfile, at: number): void {
    const r = this.random;
    const reachable = partner.contacts.filter((c) => c.permission !== 'do-not-contact');
    const contactIds = reachable.filter(() => r.chance(0.5)).map((c) => c.contactId);
    const staffIds = [
      ...new Set([partner.ownerId ?? this.staffId(), ...(r.chance(0.3) ? [this.staffId()] : [])]),
    ];
    sink(
      partnerStream(partner.partnerId),
      {
        type: 'InteractionLogged',
        data: {
          partnerId: partner.partnerId,
          interactionId: randomUUID(),
          kind: r.weighted([
            ['meeting', 40],
            ['call', 30],
            ['email', 20],
            ['visit', 10],
          ]),
          occurredAt: iso(at),
          summary: r.pick([
            'Discussed a sponsored research project',
            'Intro call with the new HR director',
            'Campus visit and lab tour',
            'Follow-up on the capstone proposal',
            'Annual relationship review',
          ]),
          staffIds,
          contactIds,
        },
      },
      at,
    );
  }

  private task(sink: EventSink, partner: PartnerProfile, created: number, later: FollowUp): void {
    const r = this.random;
    const { partnerId } = partner;
    const taskId = randomUUID();
    const stream = taskStream(taskId);
    const kind = r.pick(words.taskKinds);
    const title = `${kind.replace('-', ' ')} for partner ${partnerId.slice(0, 8)}`;
    const dueAt = iso(created + r.between(3, 30) * DAY);
    const playbook = r.chance(0.5) ? `${kind}-playbook` : undefined;
    const by = playbook ?? this.staffId();
    let assignee: TaskAssignee = r.chance(0.7)
      ? { staffId: partner.ownerId ?? this.staffId() }
      : { team: r.pick(teams) };
    sink(
      stream,
      {
        type: 'TaskCreated',
        data: {
          taskId,
          partnerId,
          kind,
          title,
          ...(r.chance(0.5) ? { description: 'Raised from the partner timeline' } : {}),
          dueAt,
          assignee,
          origin: playbook ? { playbook, causationEventId: randomUUID() } : { createdBy: by },
          createdAt: iso(created),
        },
      },
      created,
    );
    // As the decider does: whoever made the change is who assigned.
    const assign = (staffId: string, assignedBy: string, at: number): void =>
      sink(
        stream,
        {
          type: 'TaskAssigned',
          data: { taskId, partnerId, staffId, assignedBy, assignedAt: iso(at), kind, title, dueAt },
        },
        at,
      );
    if ('staffId' in assignee) assign(assignee.staffId, by, created);
    let at = later(created, 0, 5);
    if (at === undefined) return;
    if ('team' in assignee && r.chance(0.7)) {
      const to = { staffId: this.staffId() };
      const reassignedBy = this.staffId();
      sink(
        stream,
        {
          type: 'TaskReassigned',
          data: {
            taskId,
            partnerId,
            from: assignee,
            to,
            reassignedBy,
            reassignedAt: iso(at),
          },
        },
        at,
      );
      assign(to.staffId, reassignedBy, at);
      assignee = to;
    }
    // Only a person starts a task: one still in a team queue cannot be.
    if ('staffId' in assignee && r.chance(0.4)) {
      sink(
        stream,
        {
          type: 'TaskStarted',
          data: { taskId, partnerId, startedBy: assignee.staffId, startedAt: iso(at) },
        },
        at,
      );
    }
    if (r.chance(0.1)) {
      const escalated = later(Date.parse(dueAt), 1, 3);
      if (escalated === undefined) return;
      at = escalated;
      const manager =
        'staffId' in assignee ? this.staff.find((s) => s.staffId === assignee.staffId)?.managerId : undefined;
      sink(
        stream,
        {
          type: 'TaskEscalated',
          data: {
            taskId,
            partnerId,
            toStaffId: manager ?? this.staffId(),
            reason: 'Overdue',
            escalatedAt: iso(at),
            assignee,
            dueAt,
          },
        },
        at,
      );
    }
    const closed = later(at, 1, 30);
    if (closed === undefined) return;
    const ending = r.weighted([
      ['complete', 75],
      ['cancel', 10],
      ['open', 15],
    ] as const);
    if (ending === 'complete')
      sink(
        stream,
        {
          type: 'TaskCompleted',
          data: { taskId, partnerId, outcome: 'Done', completedBy: this.staffId(), completedAt: iso(closed) },
        },
        closed,
      );
    else if (ending === 'cancel')
      sink(
        stream,
        {
          type: 'TaskCancelled',
          data: {
            taskId,
            partnerId,
            reason: 'No longer needed',
            cancelledBy: this.staffId(),
            cancelledAt: iso(closed),
          },
        },
        closed,
      );
  }

  private gift(
    sink: EventSink,
    partner: PartnerProfile,
    at: number,
    later: FollowUp,
    giftType: GiftType,
    payment: { pledgeId: string; amount: Money; designation: string } | undefined,
  ): string {
    const { partnerId } = partner;
    const giftId = randomUUID();
    const stream = giftStream(giftId);
    sink(
      stream,
      {
        type: 'GiftReceived',
        data: {
          giftId,
          partnerId,
          amount: payment?.amount ?? this.amount(partner, 100, 50_000),
          giftType,
          designation: payment?.designation ?? this.random.pick(words.designations),
          receivedOn: day(at),
          ...(payment ? { pledgeId: payment.pledgeId } : {}),
        },
      },
      at,
    );
    const acknowledged = later(at, 1, 14);
    if (acknowledged === undefined || !this.random.chance(0.9)) return giftId;
    sink(
      stream,
      {
        type: 'GiftAcknowledged',
        data: {
          giftId,
          partnerId,
          acknowledgedBy: partner.ownerId ?? this.staffId(),
          acknowledgedAt: iso(acknowledged),
          channel: this.random.pick(acknowledgementChannels),
        },
      },
      acknowledged,
    );
    return giftId;
  }

  private pledge(sink: EventSink, partner: PartnerProfile, at: number, later: FollowUp): void {
    const r = this.random;
    const { partnerId } = partner;
    const pledgeId = randomUUID();
    const stream = pledgeStream(pledgeId);
    const amount = this.amount(partner, 10_000, 500_000);
    const designation = r.pick(words.designations);
    const instalments = r.int(2, 5);
    sink(
      stream,
      {
        type: 'PledgeMade',
        data: {
          pledgeId,
          partnerId,
          amount,
          designation,
          madeOn: day(at),
          ...(r.chance(0.7) ? { dueBy: day(at + instalments * 120 * DAY) } : {}),
        },
      },
      at,
    );
    const total = Math.round(Number(amount.amount) * 100);
    const writeOffAfter = r.chance(0.12) ? r.int(0, instalments - 1) : undefined;
    let paid = 0;
    let when = at;
    for (let i = 0; i < instalments; i++) {
      const next = later(when, 60, 180);
      if (next === undefined) return;
      when = next;
      const outstanding = total - paid;
      if (writeOffAfter === i) {
        sink(
          stream,
          {
            type: 'PledgeWrittenOff',
            data: {
              pledgeId,
              partnerId,
              reason: 'Donor withdrew',
              writtenOffOn: day(when),
              amountWrittenOff: money((outstanding / 100).toFixed(2), amount.currency),
            },
          },
          when,
        );
        return;
      }
      const last = i === instalments - 1;
      const overpay = last && r.chance(0.05) ? 10_000 : 0;
      const cents = last ? outstanding + overpay : Math.round(total / instalments);
      const paymentAmount = money((cents / 100).toFixed(2), amount.currency);
      const giftId = this.gift(sink, partner, when, later, 'PLEDGE_PAYMENT', {
        pledgeId,
        amount: paymentAmount,
        designation,
      });
      paid += cents;
      const left = Math.max(0, total - paid);
      sink(
        stream,
        {
          type: 'PledgePaymentApplied',
          data: {
            pledgeId,
            partnerId,
            giftId,
            amount: paymentAmount,
            paidOn: day(when),
            outstanding: money((left / 100).toFixed(2), amount.currency),
            ...(overpay > 0 ? { overpaid: money((overpay / 100).toFixed(2), amount.currency) } : {}),
          },
        },
        when,
      );
      if (left === 0)
        sink(
          stream,
          {
            type: 'PledgeFulfilled',
            data: {
              pledgeId,
              partnerId,
              fulfilledOn: day(when),
              paid: money((paid / 100).toFixed(2), amount.currency),
            },
          },
          when,
        );
    }
  }

  private recruiting(sink: EventSink, partner: PartnerProfile, at: number): void {
    const candidates = this.recruitingEvents.filter(
      (e) => e.date >= at - 90 * DAY && e.date <= at && !partner.recruiting.has(e.eventId),
    );
    const event = candidates.length > 0 ? this.random.pick(candidates) : undefined;
    if (!event) return;
    partner.recruiting.add(event.eventId);
    sink(
      recruitingEventAttendanceStream(event.eventId),
      {
        type: 'RecruitingEventAttended',
        data: {
          eventId: event.eventId,
          partnerId: partner.partnerId,
          eventName: event.eventName,
          date: day(event.date),
          ...(this.random.chance(0.7) ? { recruiters: this.random.int(1, 6) } : {}),
        },
      },
      Math.max(at, event.date),
    );
  }

  private placement(sink: EventSink, partner: PartnerProfile, at: number, later: FollowUp): void {
    const r = this.random;
    const { partnerId } = partner;
    const placementId = randomUUID();
    const stream = internshipPlacementStream(placementId);
    const start = at + r.between(7, 60) * DAY;
    const end = start + r.between(60, 180) * DAY;
    sink(
      stream,
      {
        type: 'InternPlaced',
        data: {
          placementId,
          partnerId,
          studentRef: `stu-${r.hex(12)}`,
          program: r.pick(words.programs),
          role: r.pick(['Software intern', 'Lab intern', 'Data analyst intern', 'Design intern']),
          startDate: day(start),
          endDate: day(end),
        },
      },
      at,
    );
    const completed = later(end, 0, 7);
    if (completed === undefined || !r.chance(0.85)) return;
    const endedEarly = r.chance(0.1);
    const offered = !endedEarly && r.chance(0.35);
    sink(
      stream,
      {
        type: 'PlacementCompleted',
        data: {
          placementId,
          partnerId,
          outcome: endedEarly ? 'ENDED_EARLY' : 'COMPLETED',
          offeredFullTime: offered,
          completedOn: day(completed),
        },
      },
      completed,
    );
    const hired = later(completed, 30, 120);
    if (!offered || hired === undefined || !r.chance(0.6)) return;
    sink(
      stream,
      { type: 'InternConvertedToHire', data: { placementId, partnerId, hiredOn: day(hired) } },
      hired,
    );
  }

  private agreement(sink: EventSink, partner: PartnerProfile, at: number, later: FollowUp): void {
    const r = this.random;
    const { partnerId } = partner;
    const agreementId = randomUUID();
    const stream = researchAgreementStream(agreementId);
    const kind = r.pick(agreementKinds);
    const endsAt = r.chance(0.8) ? at + r.between(1, 3) * YEAR : undefined;
    sink(
      stream,
      {
        type: 'AgreementSigned',
        data: {
          agreementId,
          partnerId,
          kind,
          title: `${kind.replace('_', ' ').toLowerCase()} on ${r.pick(words.departments).toLowerCase()}`,
          ...(r.chance(0.7) ? { value: this.amount(partner, 20_000, 2_000_000) } : {}),
          effectiveDate: day(at),
          ...(endsAt === undefined ? {} : { endDate: day(endsAt) }),
          ...(r.chance(0.6)
            ? {
                principalInvestigator: {
                  id: `pi-${r.hex(6)}`,
                  name: `${r.pick(words.people)} ${r.pick(words.surnames)}`,
                  department: r.pick(words.departments),
                },
              }
            : {}),
        },
      },
      at,
    );
    const amended = later(at, 30, 300);
    if (amended !== undefined && r.chance(0.3) && (endsAt === undefined || amended < endsAt)) {
      sink(
        stream,
        {
          type: 'AgreementAmended',
          data: {
            agreementId,
            partnerId,
            ...(endsAt === undefined ? {} : { endDate: day(endsAt + r.between(90, 365) * DAY) }),
            ...(r.chance(0.5) ? { value: this.amount(partner, 20_000, 2_000_000) } : {}),
            note: 'Scope extended',
            amendedOn: day(amended),
          },
        },
        amended,
      );
      return;
    }
    if (r.chance(0.1)) {
      const terminated = later(at, 60, 400);
      if (terminated !== undefined && (endsAt === undefined || terminated < endsAt))
        sink(
          stream,
          {
            type: 'AgreementTerminated',
            data: { agreementId, partnerId, reason: 'Funding ended', terminatedOn: day(terminated) },
          },
          terminated,
        );
      return;
    }
    const expired = endsAt === undefined ? undefined : later(endsAt, 1, 1);
    if (endsAt !== undefined && expired !== undefined)
      sink(
        stream,
        {
          type: 'AgreementExpired',
          data: { agreementId, partnerId, endDate: day(endsAt), asOf: day(expired) },
        },
        expired,
      );
  }

  private capstone(sink: EventSink, partner: PartnerProfile, at: number, later: FollowUp): void {
    const { partnerId } = partner;
    const projectId = randomUUID();
    const stream = capstoneStream(projectId);
    const date = new Date(at);
    const term = `${date.getUTCMonth() < 6 ? 'Spring' : 'Fall'} ${date.getUTCFullYear()}`;
    sink(
      stream,
      {
        type: 'CapstoneSponsored',
        data: {
          projectId,
          partnerId,
          course: `${this.random.pick(words.programs)} capstone`,
          term,
          ...(this.random.chance(0.5) ? { value: this.amount(partner, 2_000, 40_000) } : {}),
        },
      },
      at,
    );
    const completed = later(at, 100, 140);
    if (completed === undefined || !this.random.chance(0.8)) return;
    sink(
      stream,
      {
        type: 'CapstoneCompleted',
        data: { projectId, partnerId, completedOn: day(completed), outcome: 'Prototype delivered' },
      },
      completed,
    );
  }

  private training(sink: EventSink, partner: PartnerProfile, at: number, later: FollowUp): void {
    const r = this.random;
    const { partnerId } = partner;
    const contractId = randomUUID();
    const stream = trainingContractStream(contractId);
    const start = at + r.between(7, 30) * DAY;
    const end = start + r.between(90, 365) * DAY;
    let seats = r.int(5, 40);
    sink(
      stream,
      {
        type: 'TrainingContractSigned',
        data: {
          contractId,
          partnerId,
          programName: `${r.pick(words.programs)} for professionals`,
          seats,
          ...(r.chance(0.8) ? { value: this.amount(partner, 5_000, 200_000) } : {}),
          startDate: day(start),
          endDate: day(end),
        },
      },
      at,
    );
    const changed = later(start, 1, 60);
    if (changed !== undefined && r.chance(0.3)) {
      const previousSeats = seats;
      seats += r.chance(0.7) ? r.int(1, 10) : -Math.min(seats - 1, r.int(1, 4));
      if (seats !== previousSeats)
        sink(
          stream,
          {
            type: 'TrainingSeatsChanged',
            data: { contractId, partnerId, seats, previousSeats, changedOn: day(changed) },
          },
          changed,
        );
    }
    const completed = later(end, 0, 7);
    if (completed === undefined || !r.chance(0.85)) return;
    sink(
      stream,
      { type: 'TrainingContractCompleted', data: { contractId, partnerId, completedOn: day(completed) } },
      completed,
    );
  }

  private license(sink: EventSink, partner: PartnerProfile, at: number, later: FollowUp): void {
    const { partnerId } = partner;
    const licenseId = randomUUID();
    const stream = licenseStream(licenseId);
    sink(
      stream,
      {
        type: 'LicenseExecuted',
        data: {
          licenseId,
          partnerId,
          technology: `${this.random.pick(words.departments)} invention ${this.random.hex(4).toUpperCase()}`,
          licenseType: this.random.pick(licenseTypes),
          ...(this.random.chance(0.6) ? { upfrontFee: this.amount(partner, 5_000, 250_000) } : {}),
          executedOn: day(at),
        },
      },
      at,
    );
    const terminated = later(at, 90, 700);
    if (terminated === undefined || !this.random.chance(0.15)) return;
    sink(
      stream,
      {
        type: 'LicenseTerminated',
        data: { licenseId, partnerId, reason: 'Milestones missed', terminatedOn: day(terminated) },
      },
      terminated,
    );
  }

  private advisory(sink: EventSink, partner: PartnerProfile, at: number, later: FollowUp): void {
    // One term per board and partner: the board decider refuses overlapping seats.
    const free = this.boards.filter((b) => !partner.boards.has(b.boardId));
    if (free.length === 0) return;
    const board = this.random.pick(free);
    partner.boards.add(board.boardId);
    const { partnerId } = partner;
    const stream = advisoryBoardStream(board.boardId);
    const termStart = day(at);
    sink(
      stream,
      {
        type: 'AdvisorySeatAccepted',
        data: {
          boardId: board.boardId,
          boardName: board.boardName,
          partnerId,
          termStart,
          ...(this.random.chance(0.8) ? { termEnd: day(at + 2 * YEAR) } : {}),
        },
      },
      at,
    );
    const ended = later(at, 200, 700);
    if (ended === undefined || !this.random.chance(0.3)) return;
    sink(
      stream,
      {
        type: 'AdvisorySeatEnded',
        data: { boardId: board.boardId, partnerId, termStart, endedOn: day(ended) },
      },
      ended,
    );
  }
}

const giftMix: readonly (readonly [GiftType, number])[] = [
  ['CASH', 60],
  ['IN_KIND', 15],
  ['MATCHING', 10],
  ['SPONSORSHIP', 15],
];
