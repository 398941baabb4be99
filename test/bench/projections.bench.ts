// npm run bench:projections: rebuild throughput and live lag of every read model, over a realistic history.
import { PostgresEventStore, type FeedPage, type GlobalPosition } from '@continuum/event-store';
import { ProjectionStore } from '@continuum/projections';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { allProjections } from '../../apps/worker/src/projections/all-projections';
import { readProjectionBenchConfig } from './projections/config';
import { generateHistory } from './projections/generate';
import { ContinuumHistory } from './projections/history';
import { StatementCounter } from './projections/instruments';
import { measureLiveLag, PROJECTIONS_APPLICATION } from './projections/live';
import { readFeeds, rebuildEach, rebuildTogether } from './projections/rebuild';
import { render, type ProjectionBenchRun } from './projections/report';
import { count, seconds } from './projections/stats';
import { benchServerUrl, checkpoint, createBenchDatabase, withClient } from './support/database';
import { describeMachine } from './support/machine';
import { writeSection } from './support/markdown';

const heading = '## Projections (npm run bench:projections)';
const docsFile = join(__dirname, '..', '..', 'docs', 'benchmarks.md');
const log = (line: string): void => void process.stderr.write(`${line}\n`);

/**
 * Every event once, unfiltered and untimed: sets hint bits and warms the cache so no timed phase pays for
 * it. Waits (bounded) while a transaction elsewhere on the server holds the feed's horizon below the end.
 */
async function warmFeed(store: PostgresEventStore, expected: number): Promise<number> {
  let from: GlobalPosition | undefined;
  let page: FeedPage;
  let events = 0;
  const deadline = performance.now() + 300_000;
  for (;;) {
    page = await store.readAll({ from, maxCount: 1000 });
    events += page.events.length;
    from = page.checkpoint ?? from;
    if (!page.isEnd) continue;
    if (events >= expected || performance.now() > deadline) return events;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function main(): Promise<void> {
  const config = readProjectionBenchConfig();
  const serverUrl = benchServerUrl();
  const machine = await describeMachine(serverUrl);
  const load: { phase: string; value: number }[] = [];
  const mark = (phase: string): void => void load.push({ phase, value: loadavg()[0] ?? 0 });
  const started = performance.now();
  mark('before the run');

  const history = new ContinuumHistory({ ...config, now: new Date() });

  const database = await createBenchDatabase(serverUrl, 'projections');
  log(`database ${database.name}; projections: ${allProjections.map((p) => p.name).join(', ')}`);
  const counter = new StatementCounter();
  counter.watch(allProjections);
  let store: PostgresEventStore | undefined;
  let dataSource: DataSource | undefined;
  try {
    store = await PostgresEventStore.connect({
      connectionString: database.url,
      applicationName: 'bench-loader',
      poolSize: config.poolSize,
    });
    dataSource = await new DataSource({
      type: 'postgres',
      url: database.url,
      poolSize: config.poolSize,
      applicationName: PROJECTIONS_APPLICATION,
      logger: counter,
    }).initialize();

    const { summary: plan, generation } = await generateHistory(store, history, config.writers, log);
    const staff = plan.byType.get('StaffMemberRegistered') ?? 0;
    log(
      `generation: ${count(generation.events / generation.seconds)} events/s (${seconds(generation.seconds)} s)`,
    );
    await withClient(database.url, (client) =>
      client.query('VACUUM ANALYZE event_store.events, event_store.streams'),
    );
    const warmed = await warmFeed(store, plan.events);
    if (warmed !== plan.events)
      throw new Error(`The feed holds ${warmed} events, ${plan.events} were appended`);
    await checkpoint(serverUrl);

    mark('before reading');
    const reads = await readFeeds(store, allProjections, config.pageSize);
    log(`read only, all at once: ${seconds(reads.wallSeconds)} s`);

    const projectionStore = new ProjectionStore(dataSource);
    await projectionStore.migrate();
    for (const projection of allProjections) await projectionStore.activeGeneration(projection);
    mark('before rebuilding');
    const together = await rebuildTogether(store, dataSource, projectionStore, counter, allProjections);
    log(`rebuild, all at once: ${seconds(together.wallSeconds)} s`);
    let alone;
    if (config.soloRebuilds) {
      await checkpoint(serverUrl);
      alone = await rebuildEach(store, dataSource, projectionStore, counter, allProjections);
      log(`rebuild, one at a time: ${seconds(alone.wallSeconds)} s`);
    }

    await checkpoint(serverUrl);
    mark('before the live phase');
    const live = await measureLiveLag({
      url: database.url,
      dataSource,
      projections: allProjections,
      history,
      rate: config.liveRate,
      seconds: config.liveSeconds,
      poolSize: config.poolSize,
    });
    log(`live: ${count(live.appends)} appends at ${count(live.achievedRate)}/s`);
    mark('at the end');

    const run: ProjectionBenchRun = {
      config,
      machine,
      plan,
      staff,
      generation,
      reads,
      together,
      alone,
      live,
      load,
      seconds: (performance.now() - started) / 1000,
      batched: allProjections.filter((p) => p.applyBatch).map((p) => p.name),
    };
    const section = await writeSection(docsFile, heading, render(run));
    console.log(`\n${section}\n`);
    log(`Done in ${count(run.seconds)} s; written to docs/benchmarks.md`);
  } finally {
    await dataSource?.destroy();
    await store?.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
