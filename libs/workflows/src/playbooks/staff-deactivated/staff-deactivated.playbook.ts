import type { RelationshipOwnerAssigned } from '@continuum/partners';
import type { StaffMemberDeactivatedData } from '@continuum/staff';
import type {
  Playbook,
  PlaybookDecision,
  PlaybookEvent,
  PlaybookInput,
  WorkflowAction,
} from '../../playbook';
import { causeFor } from '../causes';
import { plusDays } from '../time';

export const STAFF_DEACTIVATED = 'staff-deactivated';

export interface StaffDeactivatedSettings {
  readonly newOwnerWithinDays: number;
  /** Asked instead when the departed owner had no manager. */
  readonly team: string;
}

export const defaultStaffDeactivatedSettings: StaffDeactivatedSettings = {
  newOwnerWithinDays: 7,
  team: 'corporate-relations',
};

/**
 * A single instance: who owns each partner. Ownership moves between two people, so only one place
 * that sees every move can say whom a deactivated member left behind. Its events are rare.
 */
export interface StaffDeactivatedState {
  readonly ownerOf: Readonly<Record<string, string>>;
}

export const OWNERS_INSTANCE = 'relationship-owners';

type Decision = PlaybookDecision<StaffDeactivatedState>;

function react(
  state: StaffDeactivatedState,
  input: PlaybookInput,
  settings: StaffDeactivatedSettings,
): Decision {
  if (input.type !== 'Event') return { state, actions: [] };
  const { event } = input;
  switch (event.type) {
    case 'RelationshipOwnerAssigned': {
      const { partnerId, staffId } = event.data as unknown as RelationshipOwnerAssigned['data'];
      return { state: { ownerOf: { ...state.ownerOf, [partnerId]: staffId } }, actions: [] };
    }
    case 'PartnerMergedInto': {
      // A duplicate merged away needs no owner of its own.
      const { [String(event.data.partnerId)]: _merged, ...ownerOf } = state.ownerOf;
      return { state: { ownerOf }, actions: [] };
    }
    case 'StaffMemberDeactivated':
      return { state, actions: newOwnerTasks(state, event, settings) };
    default:
      return { state, actions: [] };
  }
}

function newOwnerTasks(
  state: StaffDeactivatedState,
  event: PlaybookEvent,
  settings: StaffDeactivatedSettings,
): WorkflowAction[] {
  const { staffId, reason } = event.data as unknown as StaffMemberDeactivatedData;
  const owned = Object.entries(state.ownerOf)
    .filter(([, owner]) => owner === staffId)
    .map(([partnerId]) => partnerId)
    .sort();
  const why = reason === undefined ? '' : ` (${reason})`;
  return owned.map((partnerId): WorkflowAction => ({
    type: 'CreateTask',
    cause: causeFor(event.id, partnerId),
    partnerId,
    kind: 'assign-relationship-owner',
    title: 'Assign a new relationship owner',
    description: `Staff member ${staffId} owned this relationship and was deactivated${why}. Their open tasks were handed over; name a new owner.`,
    dueAt: plusDays(event.occurredAt, settings.newOwnerWithinDays),
    assignTo: { role: 'manager-of', staffId, fallbackTeam: settings.team },
  }));
}

export const staffDeactivatedPlaybook: Playbook<StaffDeactivatedState, StaffDeactivatedSettings> = {
  name: STAFF_DEACTIVATED,
  eventTypes: ['RelationshipOwnerAssigned', 'PartnerMergedInto', 'StaffMemberDeactivated'],
  instanceOf: () => OWNERS_INSTANCE,
  initialState: () => ({ ownerOf: {} }),
  react,
  defaultSettings: defaultStaffDeactivatedSettings,
};
