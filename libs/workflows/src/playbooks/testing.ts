import type {
  Playbook,
  PlaybookDecision,
  PlaybookEvent,
  PlaybookInput,
  TimerFired,
  WorkflowAction,
} from '../playbook';

/**
 * The runtime keeps state as JSON and hands a batch's next input the state the previous one returned, so
 * a state must survive JSON unchanged (no Date, undefined, Map, ...) for a batch to act like a restart.
 */
function reactKeepingJson<State, Settings>(
  playbook: Playbook<State, Settings>,
  state: State,
  input: PlaybookInput,
  settings: Settings,
): PlaybookDecision<State> {
  const decision = playbook.react(state, input, settings);
  expect(JSON.parse(JSON.stringify(decision.state))).toStrictEqual(decision.state);
  return decision;
}

export interface PlaybookThen<State> {
  /** The input yields exactly these actions. */
  then(expected: readonly WorkflowAction[]): void;
  /** The input yields no action at all. */
  thenNothing(): void;
  /** The whole decision, for assertions on the state it keeps. */
  decision(): PlaybookDecision<State>;
}

/**
 * Given/When/Then over a playbook: `given([signed]).when(terminated).then([cancelTimer, ...])`.
 * History is folded through `react` itself, so the state under test is what the runtime would hold.
 */
export function playbookSpecification<State, Settings>(
  playbook: Playbook<State, Settings>,
  settings: Settings = playbook.defaultSettings,
): (history: readonly PlaybookInput[]) => { when(input: PlaybookInput): PlaybookThen<State> } {
  return (history) => ({
    when(input) {
      const decide = (): PlaybookDecision<State> => {
        const state = history.reduce<State>(
          (current, past) => reactKeepingJson(playbook, current, past, settings).state,
          playbook.initialState(),
        );
        return reactKeepingJson(playbook, state, input, settings);
      };
      return {
        then: (expected) => expect(decide().actions).toEqual(expected),
        thenNothing: () => expect(decide().actions).toEqual([]),
        decision: decide,
      };
    },
  });
}

/** A stored event as the feed hands it to a playbook. */
export function anEvent(
  type: string,
  data: Record<string, unknown>,
  meta: { readonly id: string; readonly occurredAt: string; readonly stream?: string },
): PlaybookInput & { readonly type: 'Event' } {
  const event: PlaybookEvent = {
    id: meta.id,
    type,
    data,
    stream: meta.stream ?? `test-${meta.id}`,
    occurredAt: meta.occurredAt,
    recordedAt: meta.occurredAt,
  };
  return { type: 'Event', event };
}

/** The runtime firing a timer; the timer id defaults to one derived from key and due time. */
export const timerFired = (
  key: string,
  dueAt: string,
  payload: Record<string, unknown> = {},
  timerId = `timer:${key}@${dueAt}`,
): TimerFired => ({ type: 'TimerFired', key, timerId, dueAt, payload });

/** Fire the timer a decision scheduled under `key`, exactly as scheduled. */
export function firing(actions: readonly WorkflowAction[], key: string): TimerFired {
  const scheduled = actions.find(
    (action): action is Extract<WorkflowAction, { type: 'ScheduleTimer' }> =>
      action.type === 'ScheduleTimer' && action.key === key,
  );
  if (!scheduled) throw new Error(`No timer "${key}" was scheduled`);
  return timerFired(key, scheduled.dueAt, scheduled.payload ?? {});
}

/** Feed inputs one after another and collect every action, as the runtime would. */
export function run<State, Settings>(
  playbook: Playbook<State, Settings>,
  inputs: readonly PlaybookInput[],
  settings: Settings = playbook.defaultSettings,
): PlaybookDecision<State> {
  return inputs.reduce<PlaybookDecision<State>>(
    (sofar, input) => {
      const next = reactKeepingJson(playbook, sofar.state, input, settings);
      return { state: next.state, actions: [...sofar.actions, ...next.actions] };
    },
    { state: playbook.initialState(), actions: [] },
  );
}

export type CreateTaskAction = Extract<WorkflowAction, { readonly type: 'CreateTask' }>;
