import { PostgresEventStore } from '@continuum/event-store';
import { DecideHandler } from '@continuum/platform';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { AnyPlaybook, AssignmentRule, Playbook, PlaybookInput, WorkflowAction } from '../playbook';
import type { AssignmentResolver } from './assignment-resolver';
import { ManualClock } from './clock';
import { WorkflowRuntime, type WorkflowRuntimeOptions } from './workflow-runtime';
import type { RegisteredPlaybook } from './registered-playbook';

/** Test-only: sends every task to the rule's team queue, so tests need no read models. */
export const queueResolver: AssignmentResolver = {
  resolveAll: (rules: readonly AssignmentRule[]) =>
    Promise.resolve(rules.map((rule) => ({ team: 'team' in rule ? rule.team : rule.fallbackTeam }))),
};

export interface ReminderState {
  readonly events: readonly string[];
  readonly fired: number;
}

/**
 * Test-only playbook: each `ThingHappened` creates a task and schedules a reminder an hour later (per
 * thing); the reminder creates another task. `brokenThings` makes it throw for those things.
 */
export function reminderPlaybook(
  name: string,
  brokenThings: Set<string> = new Set(),
  eventType = thingHappened(name),
): Playbook<ReminderState, { remindAfterMs: number }> {
  return {
    name,
    eventTypes: [eventType],
    instanceOf: (event) => String(event.data.thingId),
    initialState: () => ({ events: [], fired: 0 }),
    defaultSettings: { remindAfterMs: 3_600_000 },
    react(state, input: PlaybookInput, settings) {
      if (input.type === 'TimerFired') {
        const remind: WorkflowAction = {
          type: 'CreateTask',
          cause: input.timerId,
          partnerId: String(input.payload.partnerId),
          kind: 'remind',
          title: 'Follow up',
          dueAt: input.dueAt,
          assignTo: { team: 'corporate-relations' },
        };
        return { state: { ...state, fired: state.fired + 1 }, actions: [remind] };
      }
      const { event } = input;
      const thingId = String(event.data.thingId);
      if (brokenThings.has(thingId)) throw new Error(`cannot handle thing ${thingId}`);
      const dueAt = new Date(Date.parse(event.occurredAt) + settings.remindAfterMs).toISOString();
      return {
        state: { ...state, events: [...state.events, event.id] },
        actions: [
          {
            type: 'CreateTask',
            cause: event.id,
            partnerId: String(event.data.partnerId),
            kind: 'note-thing',
            title: `Note thing ${thingId}`,
            dueAt,
            assignTo: {
              role: 'owner',
              partnerId: String(event.data.partnerId),
              fallbackTeam: 'corporate-relations',
            },
          },
          { type: 'ScheduleTimer', key: 'remind', dueAt, payload: { partnerId: event.data.partnerId } },
        ],
      };
    },
  };
}

/** Each test reads its own event type, so playbooks of other tests in the same database never see them. */
export const thingHappened = (group: string): string => `ThingHappened.${group}`;

export interface RuntimeHarness {
  readonly store: PostgresEventStore;
  readonly pool: Pool;
  readonly clock: ManualClock;
  runtime(
    playbooks: readonly (AnyPlaybook | RegisteredPlaybook)[],
    options?: WorkflowRuntimeOptions,
  ): Promise<WorkflowRuntime>;
  happen(group: string, thingId: string, extra?: Record<string, unknown>): Promise<string>;
  count(sql: string, params?: readonly unknown[]): Promise<number>;
  eventually(what: string, probe: () => Promise<boolean>, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Event store, pool, a manual clock and runtimes that tests start and stop like worker processes. */
export async function openHarness(
  url: string,
  resolver: AssignmentResolver = queueResolver,
): Promise<RuntimeHarness> {
  const store = await PostgresEventStore.connect({ connectionString: url, poolSize: 6 });
  const pool = new Pool({ connectionString: url, max: 8 });
  const clock = new ManualClock('2026-03-01T09:00:00.000Z');
  const runtimes: WorkflowRuntime[] = [];
  const decide = new DecideHandler(store);
  const harness: RuntimeHarness = {
    store,
    pool,
    clock,
    async runtime(playbooks, options = {}) {
      const registered = playbooks.map((entry) =>
        'playbook' in entry ? entry : { playbook: entry, settings: entry.defaultSettings },
      );
      const runtime = new WorkflowRuntime(
        {
          playbooks: registered,
          eventStore: store,
          pool,
          databaseUrl: url,
          clock,
          commands: { execute: (command) => decide.execute(command) },
          resolver,
        },
        {
          pollIntervalMs: 50,
          lockRetryMs: 50,
          backoff: { initialMs: 1_000, maxMs: 60_000 },
          onError: (e) => console.error(e),
          ...options,
        },
      );
      runtimes.push(runtime);
      await runtime.start();
      return runtime;
    },
    async happen(group, thingId, extra = {}) {
      const id = randomUUID();
      await store.append(
        `thing-${thingId}`,
        [
          {
            id,
            type: thingHappened(group),
            data: { thingId, partnerId: `p-${thingId}`, ...extra },
            metadata: { occurredAt: clock.now().toISOString() },
          },
        ],
        'any',
      );
      return id;
    },
    async count(sql, params = []) {
      const { rows } = await pool.query<{ n: string }>(sql, [...params]);
      return Number(rows[0]?.n ?? 0);
    },
    async eventually(what, probe, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!(await probe())) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async close() {
      await Promise.all(runtimes.map((runtime) => runtime.stop()));
      await pool.end();
      await store.close();
    },
  };
  return harness;
}
