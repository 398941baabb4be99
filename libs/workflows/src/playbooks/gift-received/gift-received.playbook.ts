import type { GiftAcknowledgedData, GiftReceivedData, PledgeMadeData } from '@continuum/advancement';
import { compareMoney, type Money } from '@continuum/kernel';
import { taskIdFor } from '@continuum/tasks';
import type {
  Playbook,
  PlaybookDecision,
  PlaybookEvent,
  PlaybookInput,
  WorkflowAction,
} from '../../playbook';
import { causeFor } from '../causes';
import { moneyText } from '../money-text';
import { dayOf, plusDays, plusHours } from '../time';

export const GIFT_RECEIVED = 'gift-received';

export interface GiftReceivedSettings {
  readonly acknowledgeWithinHours: number;
  /** In the office's currency; gifts in other currencies are never compared (no exchange rates). */
  readonly majorGiftThreshold: Money;
  readonly executiveThankYouWithinDays: number;
  /** The stewardship report is due this many days after a major gift or pledge. */
  readonly stewardshipReportAfterDays: number;
  /** ...and shows up in the inbox this many days before it is due. */
  readonly stewardshipReportNoticeDays: number;
  readonly team: string;
}

export const defaultGiftReceivedSettings: GiftReceivedSettings = {
  acknowledgeWithinHours: 48,
  majorGiftThreshold: { amount: '25000.00', currency: 'USD' },
  executiveThankYouWithinDays: 7,
  stewardshipReportAfterDays: 180,
  stewardshipReportNoticeDays: 14,
  team: 'advancement',
};

/** What the stewardship report needs to say, kept from the gift or pledge. */
interface Commitment {
  readonly partnerId: string;
  readonly what: string;
  readonly receivedAt: string;
}

/** One instance per gift (`gift-<id>`) or pledge (`pledge-<id>`). */
export interface GiftReceivedState {
  readonly recorded: boolean;
  readonly acknowledged: boolean;
  /** The open "Acknowledge the gift" task, until the acknowledgement closes it. */
  readonly acknowledgeTaskId?: string;
  readonly stewardshipPending: boolean;
  readonly commitment?: Commitment;
}

const STEWARDSHIP_TIMER = 'stewardship-report';

const initialState = (): GiftReceivedState => ({
  recorded: false,
  acknowledged: false,
  stewardshipPending: false,
});

/** Same currency and at least the threshold, compared exactly. */
export const isMajorGift = (amount: Money, threshold: Money): boolean =>
  amount.currency === threshold.currency && compareMoney(amount, threshold) >= 0;

function instanceOf(event: PlaybookEvent): string | undefined {
  const { giftId, pledgeId } = event.data;
  switch (event.type) {
    case 'GiftReceived':
    case 'GiftAcknowledged':
      return typeof giftId === 'string' ? `gift-${giftId}` : undefined;
    case 'PledgeMade':
    case 'PledgeWrittenOff':
      return typeof pledgeId === 'string' ? `pledge-${pledgeId}` : undefined;
    default:
      return undefined;
  }
}

function react(
  state: GiftReceivedState,
  input: PlaybookInput,
  settings: GiftReceivedSettings,
): PlaybookDecision<GiftReceivedState> {
  if (input.type === 'TimerFired') {
    if (input.key !== STEWARDSHIP_TIMER || !state.stewardshipPending || !state.commitment)
      return { state, actions: [] };
    return {
      state: { ...state, stewardshipPending: false },
      actions: [stewardshipReport(state.commitment, input.timerId, input.dueAt, settings)],
    };
  }
  const { event } = input;
  switch (event.type) {
    case 'GiftReceived':
      return state.recorded ? { state, actions: [] } : giftReceived(state, event, settings);
    case 'GiftAcknowledged':
      return giftAcknowledged(state, event.data as unknown as GiftAcknowledgedData);
    case 'PledgeMade':
      return state.recorded ? { state, actions: [] } : pledgeMade(state, event, settings);
    case 'PledgeWrittenOff':
      return state.stewardshipPending
        ? {
            state: { ...state, stewardshipPending: false },
            actions: [{ type: 'CancelTimer', key: STEWARDSHIP_TIMER }],
          }
        : { state, actions: [] };
    default:
      return { state, actions: [] };
  }
}

function giftReceived(
  state: GiftReceivedState,
  event: PlaybookEvent,
  settings: GiftReceivedSettings,
): PlaybookDecision<GiftReceivedState> {
  const gift = event.data as unknown as GiftReceivedData;
  const what = giftText(gift);
  const actions: WorkflowAction[] = [];
  let acknowledgeTaskId: string | undefined;
  if (!state.acknowledged) {
    acknowledgeTaskId = taskIdFor(GIFT_RECEIVED, event.id);
    actions.push({
      type: 'CreateTask',
      cause: event.id,
      partnerId: gift.partnerId,
      kind: 'acknowledge-gift',
      title: 'Acknowledge the gift',
      description: `Thank the donor for ${what}.${currencyNote(gift.amount, settings)}`,
      dueAt: plusHours(event.occurredAt, settings.acknowledgeWithinHours),
      assignTo: { role: 'owner', partnerId: gift.partnerId, fallbackTeam: settings.team },
    });
  }
  // A pledge payment is an instalment: the pledge itself was the major gift, celebrated when made.
  const major = gift.giftType !== 'PLEDGE_PAYMENT' && isMajorGift(gift.amount, settings.majorGiftThreshold);
  const commitment: Commitment = { partnerId: gift.partnerId, what, receivedAt: event.occurredAt };
  if (major) actions.push(...majorGiftActions(commitment, event, settings));
  return {
    state: {
      ...state,
      recorded: true,
      ...(acknowledgeTaskId === undefined ? {} : { acknowledgeTaskId }),
      stewardshipPending: major,
      commitment,
    },
    actions,
  };
}

function pledgeMade(
  state: GiftReceivedState,
  event: PlaybookEvent,
  settings: GiftReceivedSettings,
): PlaybookDecision<GiftReceivedState> {
  const pledge = event.data as unknown as PledgeMadeData;
  const commitment: Commitment = {
    partnerId: pledge.partnerId,
    what: `the pledge of ${moneyText(pledge.amount)} to ${pledge.designation} (made on ${pledge.madeOn}${
      pledge.dueBy === undefined ? '' : `, due by ${pledge.dueBy}`
    })`,
    receivedAt: event.occurredAt,
  };
  if (!isMajorGift(pledge.amount, settings.majorGiftThreshold))
    return { state: { ...state, recorded: true, commitment }, actions: [] };
  return {
    state: { ...state, recorded: true, stewardshipPending: true, commitment },
    actions: majorGiftActions(commitment, event, settings),
  };
}

function majorGiftActions(
  commitment: Commitment,
  event: PlaybookEvent,
  settings: GiftReceivedSettings,
): WorkflowAction[] {
  const reportDueAt = plusDays(event.occurredAt, settings.stewardshipReportAfterDays);
  return [
    {
      type: 'CreateTask',
      cause: causeFor(event.id, 'executive-thank-you'),
      partnerId: commitment.partnerId,
      kind: 'executive-thank-you',
      title: 'Executive thank-you',
      description: `A major gift: ${commitment.what}. A personal thank-you from the executive sponsor (or the owner's manager).`,
      dueAt: plusDays(event.occurredAt, settings.executiveThankYouWithinDays),
      assignTo: {
        role: 'sponsor-or-owners-manager',
        partnerId: commitment.partnerId,
        fallbackTeam: settings.team,
      },
    },
    {
      type: 'ScheduleTimer',
      key: STEWARDSHIP_TIMER,
      dueAt: plusDays(reportDueAt, -settings.stewardshipReportNoticeDays),
      payload: { partnerId: commitment.partnerId, reportDueAt },
    },
  ];
}

function giftAcknowledged(
  state: GiftReceivedState,
  acknowledgement: GiftAcknowledgedData,
): PlaybookDecision<GiftReceivedState> {
  if (state.acknowledged) return { state, actions: [] };
  const { acknowledgeTaskId: _closed, ...rest } = state;
  const acknowledged = { ...rest, acknowledged: true };
  if (state.acknowledgeTaskId === undefined) return { state: acknowledged, actions: [] };
  const channel = acknowledgement.channel === undefined ? '' : ` by ${acknowledgement.channel}`;
  return {
    state: acknowledged,
    actions: [
      {
        type: 'CompleteTask',
        taskId: state.acknowledgeTaskId,
        outcome: `Acknowledged${channel} by ${acknowledgement.acknowledgedBy} on ${dayOf(acknowledgement.acknowledgedAt)}`,
      },
    ],
  };
}

function stewardshipReport(
  commitment: Commitment,
  timerId: string,
  firedAt: string,
  settings: GiftReceivedSettings,
): WorkflowAction {
  return {
    type: 'CreateTask',
    cause: timerId,
    partnerId: commitment.partnerId,
    kind: 'stewardship-report',
    title: 'Stewardship report',
    description: `Report to the donor on what ${commitment.what} has made possible (received ${dayOf(commitment.receivedAt)}).`,
    dueAt: plusDays(firedAt, settings.stewardshipReportNoticeDays),
    assignTo: { role: 'owner', partnerId: commitment.partnerId, fallbackTeam: settings.team },
  };
}

function giftText(gift: GiftReceivedData): string {
  const kind = gift.giftType.toLowerCase().replace('_', ' ');
  const pledge = gift.pledgeId === undefined ? '' : ` toward pledge ${gift.pledgeId}`;
  return `the gift of ${moneyText(gift.amount)} to ${gift.designation} (${kind}${pledge}, received on ${gift.receivedOn})`;
}

const currencyNote = (amount: Money, settings: GiftReceivedSettings): string =>
  amount.currency === settings.majorGiftThreshold.currency
    ? ''
    : ` It is in ${amount.currency}: check whether it reaches the major-gift level of ${moneyText(settings.majorGiftThreshold)}.`;

export const giftReceivedPlaybook: Playbook<GiftReceivedState, GiftReceivedSettings> = {
  name: GIFT_RECEIVED,
  eventTypes: ['GiftReceived', 'GiftAcknowledged', 'PledgeMade', 'PledgeWrittenOff'],
  instanceOf,
  initialState,
  react,
  defaultSettings: defaultGiftReceivedSettings,
};
