import { describeMachineInline, type MachineInfo } from '../support/machine';
import type { ProjectionBenchConfig } from './config';
import type { GenerationResult } from './generate';
import type { HistorySummary } from './history';
import { LIVE_WARMUP_SECONDS, type LiveResult } from './live';
import type { PhaseResult, RebuildFigures, Timed } from './rebuild';
import { count, ms, seconds } from './stats';

export const REBUILD_GOAL = 10_000;
export const LIVE_P99_GOAL_MS = 100;
/** Fewer events than this and a rebuild's rate is mostly its fixed cost. */
const SMALL = 1_000;

export interface ProjectionBenchRun {
  readonly config: ProjectionBenchConfig;
  readonly machine: MachineInfo;
  readonly plan: HistorySummary;
  readonly staff: number;
  readonly generation: GenerationResult;
  readonly reads: PhaseResult<Timed>;
  readonly together: PhaseResult<RebuildFigures>;
  readonly alone: PhaseResult<RebuildFigures> | undefined;
  readonly live: LiveResult;
  /** One-minute load average at the start of each phase, and at the end. */
  readonly load: readonly { readonly phase: string; readonly value: number }[];
  readonly seconds: number;
  /** Projections with \`applyBatch\`; the others apply event by event. */
  readonly batched: readonly string[];
}

const rate = (figures: Timed): number => figures.events / figures.seconds;
const total = (phase: PhaseResult<Timed>): number => phase.projections.reduce((sum, p) => sum + p.events, 0);
const timedRate = (figures: Timed): string => `${count(rate(figures))} (${seconds(figures.seconds)} s)`;
const goal = (met: boolean): string => (met ? 'met' : '**not met**');
const percent = (part: number, whole: number): string => `${Math.round((100 * part) / whole)}%`;

function rebuildTable(run: ProjectionBenchRun): string {
  const { reads, together, alone } = run;
  const header = alone
    ? '| projection | events | read only | rebuild, all at once | rebuild, alone | statements / event | reading share (alone) |\n| --- | --: | --: | --: | --: | --: | --: |'
    : '| projection | events | read only | rebuild, all at once | statements / event | reading share |\n| --- | --: | --: | --: | --: | --: |';
  const rows = together.projections.map((rebuilt) => {
    const read = reads.projections.find((r) => r.name === rebuilt.name)!;
    const solo = alone?.projections.find((r) => r.name === rebuilt.name);
    const shown = solo ?? rebuilt;
    const statements = rebuilt.events === 0 ? '–' : (rebuilt.statements / rebuilt.events).toFixed(2);
    const share = percent(shown.readSeconds, shown.seconds);
    return `| ${rebuilt.name} | ${count(rebuilt.events)} | ${count(rate(read))} | ${timedRate(rebuilt)} | ${
      solo ? `${timedRate(solo)} | ` : ''
    }${statements} | ${share} |`;
  });
  const together_ = total(together) / together.wallSeconds;
  const aloneTotal = alone ? total(alone) / alone.wallSeconds : undefined;
  const sumRow = `| **all together** | ${count(total(together))} | ${count(total(reads) / reads.wallSeconds)} | ${count(
    together_,
  )} (${seconds(together.wallSeconds)} s) | ${
    aloneTotal === undefined || !alone
      ? ''
      : `${count(aloneTotal)} (${seconds(alone.wallSeconds)} s, one after another) | `
  }${(together.projections.reduce((sum, p) => sum + p.statements, 0) / total(together)).toFixed(2)} | |`;
  return [header, ...rows, sumRow].join('\n');
}

function liveTable(live: LiveResult): string {
  const rows = live.projections.map(
    (p) =>
      `| ${p.name} | ${count(p.expected)}${p.seen < p.expected ? ` (${count(p.seen)} applied in time)` : ''} | ${ms(
        p.p50Ms,
      )} | ${ms(p.p99Ms)} | ${ms(p.maxMs)} |`,
  );
  const feed = live.visibility
    ? [
        `| _readable in the feed at all_ | ${count(live.appends)} | ${ms(live.visibility.p50Ms)} | ${ms(
          live.visibility.p99Ms,
        )} | ${ms(live.visibility.maxMs)} |`,
      ]
    : [];
  return [
    '| projection | live events | p50 | p99 | max |',
    '| --- | --: | --: | --: | --: |',
    ...feed,
    ...rows,
  ].join('\n');
}

function horizonNote({ horizon }: LiveResult): string {
  if (horizon.samples === 0) return '';
  const held = Object.values(horizon.heldBy).reduce((sum, n) => sum + n, 0);
  const share = (n: number): string => percent(n, horizon.samples);
  return ` Feed horizon, sampled every 10 ms on its own connection (${count(horizon.samples)} samples): committed events waited above it, unreadable, in ${share(held)} of the samples, held there by a projection's open batch transaction in ${share(horizon.heldBy.projection)}, by an append in ${share(horizon.heldBy.append)}, by a transaction in another database on the server in ${share(horizon.heldBy['other-database'])}, by something else in ${share(horizon.heldBy.other)}, by one that ended before it could be named in ${share(horizon.heldBy.ended)}.`;
}

function batchNote({ batched, together }: ProjectionBenchRun): string {
  const single = together.projections.map((p) => p.name).filter((name) => !batched.includes(name));
  return `Written a batch at a time (\`applyBatch\`, multi-row statements): ${batched.join(', ') || 'none'}; event by event (\`apply\`): ${single.join(', ') || 'none'}.`;
}

function bottlenecks(run: ProjectionBenchRun): string {
  const figures = run.alone ?? run.together;
  const slowest = [...figures.projections].filter((p) => p.events > 0).sort((a, b) => rate(a) - rate(b));
  const small = slowest.filter((p) => p.events < SMALL);
  const note = small.length
    ? `\n- ${small.map((p) => p.name).join(', ')}: under ${count(SMALL)} events, so the rate mostly measures the fixed cost of a rebuild (creating the generation's tables, switching the views, dropping the old generation), not applying.`
    : '';
  return (
    slowest
      .filter((p) => p.events >= SMALL)
      .map((p) => {
        const perStatement = p.statements === 0 ? 0 : (p.seconds * 1000) / p.statements;
        return `- ${p.name}: ${count(rate(p))} events/s; ${(p.statements / p.events).toFixed(
          2,
        )} statements per event (${count(perStatement * 1000)} µs of rebuild time per statement); a \`readAll\` was in flight ${percent(
          p.readSeconds,
          p.seconds,
        )} of the time, overlapping the writes.`;
      })
      .join('\n') + note
  );
}

export function render(run: ProjectionBenchRun): string {
  const { config, plan, generation, together, alone, live } = run;
  const date = new Date().toISOString().slice(0, 10);
  const measurable = (phase: PhaseResult<RebuildFigures>): number[] =>
    phase.projections.filter((p) => p.events >= SMALL).map(rate);
  const slowestAlone = alone ? Math.min(...measurable(alone)) : undefined;
  const slowestTogether = Math.min(...measurable(together));
  const worstP99 = Math.max(...live.projections.map((p) => p.p99Ms));
  const loads = run.load.map((l) => `${l.value.toFixed(1)} ${l.phase}`).join(', ');
  const byType = [...plan.byType].sort((a, b) => b[1] - a[1]);
  const topTypes = byType
    .slice(0, 8)
    .map(([type, n]) => `${type} ${count(n)}`)
    .join(', ');
  return [
    `Run on ${date}: ${describeMachineInline(run.machine)}. One-minute load average ${loads} (other processes on the machine, other test runs on the same PostgreSQL server included); the run took ${count(run.seconds)} s in all.`,
    `**History.** ${count(plan.events)} events over ${count(config.partners)} partners and ${count(run.staff)} staff, in ${count(plan.streams)} streams, business time (\`metadata.occurredAt\`) from ${plan.from.toISOString().slice(0, 10)} to ${plan.to.toISOString().slice(0, 10)}: partners registered over the first 30 months with a heavy-tailed share of the activity (Pareto weights), every continuum line (agreements signed, amended, terminated or expired; placements, completions and hires; recruiting attendance; gifts and acknowledgements; pledges paid by pledge-payment gifts, fulfilled or written off; advisory seats; capstones; training contracts; licences), interactions, owner and tier changes, and tasks created, assigned, started, escalated, completed or cancelled, each event shaped as its decider emits it (typed against the deciders' event unions). Most frequent: ${topTypes}. ${config.writers} concurrent writers appended it through \`PostgresEventStore.append\` with exact expected revisions, a stream's events of one quarter per append (${count(plan.appends)} appends, ${(plan.events / plan.appends).toFixed(2)} events per append on average), in business-time order: ${count(generation.events / generation.seconds)} events/s (${seconds(generation.seconds)} s; append p50 ${ms(generation.p50Ms)} ms, p99 ${ms(generation.p99Ms)} ms).`,
    `**Rebuild throughput**, events per second (events: those the projection's filter lets through, out of ${count(plan.events)} in the feed). _Read only_ is \`readAll\` in pages of ${count(config.pageSize)} over the whole feed with the projection's filter, no writes, all projections at once. _All at once_ is \`ProjectionRebuilder.rebuild\` of every projection in \`allProjections\` concurrently into a fresh generation, as a worker catching up would run them${alone ? '; _alone_ rebuilds one projection at a time, as `npm run projections -- rebuild <name>` does' : ''}. Each rate is the projection's events over its own elapsed time; the _all together_ row is all events over the wall time. _Statements / event_ counts the SQL a projection sends through its scope (checkpoint and transaction control not counted); _reading share_ is the part of the rebuild during which a \`readAll\` was in flight (the rebuilder reads the next page while it applies one, so reading and applying overlap). Default batch: ${count(config.pageSize)} events per transaction. ${batchNote(run)}`,
    rebuildTable(run),
    `**Live lag.** A \`ProjectionHost\` over all projections follows the feed from the rebuilt generations, while a writer with its own event-store instance (so the host learns of appends through NOTIFY on its LISTEN connection, as the worker learns of the API's) appends ${count(config.liveRate)} single-event appends per second for ${config.liveSeconds} s after ${LIVE_WARMUP_SECONDS} s of untimed warm-up at the same rate (the writer's pool opening its connections), open loop: append _i_ starts at _i_ / rate whatever the earlier ones are doing (an append waits only for the one before it on the same stream, to keep its exact expected revision). The live mix is what each decider emits first (new line items, tasks, interactions, owner and tier changes, the odd new staff member). Lag is, for each event and each projection whose filter takes it, the time from the append's promise resolving to the projection's batch transaction committing: the projection is wrapped (same name, tables, filter, setup; \`apply\` and \`applyBatch\` delegate, then note the events against their transaction) and a TypeORM after-commit subscriber stamps the time once COMMIT has returned, so the read model and its checkpoint are visible to readers from that moment. Both clocks are \`performance.now()\` in one process; writer and host share its event loop. Writer: ${count(live.appends)} appends at ${count(live.achievedRate)}/s achieved, append p50 ${ms(live.appendP50Ms)} ms, p99 ${ms(live.appendP99Ms)} ms, at most ${count(live.maxInFlight)} waiting or in flight; the shared event loop ran late by up to ${ms(live.loopDelayMaxMs)} ms (p99 ${ms(live.loopDelayP99Ms)} ms).${horizonNote(live)}${live.runnerErrors.length > 0 ? ` Runner errors: ${live.runnerErrors.slice(0, 3).join('; ')}.` : ''}`,
    'Lag in milliseconds. The first row is the wait before any reader could see the event at all: from the append resolving to the first horizon sample above its position (so up to one sampling interval late).',
    liveTable(live),
    [
      `Goals: rebuild at least ${count(REBUILD_GOAL)} events/s (projections with ${count(SMALL)} events or more), ${
        slowestAlone === undefined
          ? ''
          : `each projection alone ${goal(slowestAlone >= REBUILD_GOAL)} (slowest ${count(slowestAlone)}), `
      }each projection while all rebuild at once ${goal(slowestTogether >= REBUILD_GOAL)} (slowest ${count(slowestTogether)}), all together ${goal(total(together) / together.wallSeconds >= REBUILD_GOAL)} (${count(total(together) / together.wallSeconds)}, counting an event once per projection that takes it; the feed's ${count(plan.events)} events went into every read model at ${count(plan.events / together.wallSeconds)} feed events/s); live p99 under ${LIVE_P99_GOAL_MS} ms for every projection, ${goal(worstP99 < LIVE_P99_GOAL_MS)} (worst ${ms(worstP99)} ms).`,
    ].join(''),
    `Where rebuild time goes (${alone ? 'alone' : 'all at once'}), slowest first:\n\n${bottlenecks(run)}`,
    `Settings: \`BENCH_EVENTS\` (${count(config.events)}), \`BENCH_PARTNERS\` (${count(config.partners)}), \`BENCH_WRITERS\` (${config.writers}), \`BENCH_POOL_SIZE\` (${config.poolSize}, each pool), \`BENCH_LIVE_RATE\` (${config.liveRate}), \`BENCH_LIVE_SECONDS\` (${config.liveSeconds}), \`BENCH_SOLO_REBUILDS\` (${config.soloRebuilds ? 1 : 0}), \`BENCH_SEED\` (${config.seed}), \`BENCH_DATABASE_URL\`. Every run creates a fresh database and drops it at the end.`,
  ].join('\n\n');
}
