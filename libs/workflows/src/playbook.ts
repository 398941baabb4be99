import type { DomainEvent } from '@continuum/kernel';

/**
 * A playbook is a process manager written as a pure decider: events (and its own timers) in,
 * follow-up actions out. The runtime keeps each instance's state and timers in PostgreSQL in the
 * same transaction as the feed checkpoint, and turns actions into idempotent commands.
 */

/** A domain event as a playbook sees it: its data plus when and where it was recorded. */
export interface PlaybookEvent {
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly stream: string;
  /** Business time of the event (metadata.occurredAt, else recordedAt), ISO 8601. */
  readonly occurredAt: string;
  readonly recordedAt: string;
}

/** A timer the playbook scheduled earlier has come due. */
export interface TimerFired {
  readonly type: 'TimerFired';
  /** Unique per playbook instance; scheduling the same key again moves the timer. */
  readonly key: string;
  /** Stable id of this timer occurrence: the cause for tasks it creates. */
  readonly timerId: string;
  readonly dueAt: string;
  readonly payload: Record<string, unknown>;
}

export type PlaybookInput = { readonly type: 'Event'; readonly event: PlaybookEvent } | TimerFired;

/** Who should do the work: a role resolved through the partner or a staff member, else a team. */
export type AssignmentRule =
  | {
      readonly role: 'owner' | 'executive-sponsor' | 'owners-manager';
      readonly partnerId: string;
      readonly fallbackTeam: string;
    }
  | { readonly role: 'sponsor-or-owners-manager'; readonly partnerId: string; readonly fallbackTeam: string }
  | { readonly role: 'manager-of'; readonly staffId: string; readonly fallbackTeam: string }
  | { readonly role: 'staff'; readonly staffId: string; readonly fallbackTeam: string }
  | { readonly team: string };

export type WorkflowAction =
  /** `cause` (an event id or timer id) + the playbook name give the task's deterministic id. */
  | {
      readonly type: 'CreateTask';
      readonly cause: string;
      readonly partnerId: string;
      readonly kind: string;
      readonly title: string;
      readonly description?: string;
      readonly dueAt: string;
      readonly assignTo: AssignmentRule;
    }
  | { readonly type: 'CompleteTask'; readonly taskId: string; readonly outcome: string }
  | { readonly type: 'CancelTask'; readonly taskId: string; readonly reason: string }
  | {
      readonly type: 'EscalateTask';
      readonly taskId: string;
      readonly to: AssignmentRule;
      readonly reason: string;
    }
  | {
      readonly type: 'ReassignTask';
      readonly taskId: string;
      readonly to: AssignmentRule;
      readonly reason: string;
    }
  | {
      readonly type: 'ScheduleTimer';
      readonly key: string;
      readonly dueAt: string;
      readonly payload?: Record<string, unknown>;
    }
  | { readonly type: 'CancelTimer'; readonly key: string };

export interface PlaybookDecision<State> {
  readonly state: State;
  readonly actions: readonly WorkflowAction[];
}

/**
 * `instanceOf` routes an event to one instance (e.g. a gift id, a partner id) or ignores it.
 * `react` is pure: same state and input, same decision (time comes only from the input).
 */
export interface Playbook<State, Settings = unknown> {
  /** Stable kebab-case name: part of every task id it creates. */
  readonly name: string;
  /** Event types it reacts to (the runtime filters the feed with them). */
  readonly eventTypes: readonly string[];
  readonly instanceOf: (event: PlaybookEvent) => string | undefined;
  readonly initialState: () => State;
  readonly react: (state: State, input: PlaybookInput, settings: Settings) => PlaybookDecision<State>;
  readonly defaultSettings: Settings;
}

export type AnyPlaybook = Playbook<unknown>;

/** Narrow helper for reading event data without casts scattered through playbooks. */
export type EventOf<E extends DomainEvent> = PlaybookEvent & {
  readonly type: E['type'];
  readonly data: E['data'];
};
