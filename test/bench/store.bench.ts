// npm run bench:store: Continuum's PostgreSQL event store (with and without group commit) against Emmett and a plain-INSERT floor, same server.
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { readStoreBenchConfig, type StoreBenchConfig } from './store/config';
import { contenderLabels, contenderNames, type ContenderName } from './store/contender';
import { payloadBytes } from './store/payload';
import type { ContenderResult } from './store/workloads';
import { benchServerUrl, checkpoint, createBenchDatabase } from './support/database';
import { describeMachine, describeMachineInline, type MachineInfo } from './support/machine';
import { writeSection } from './support/markdown';

const heading = '## Event store (npm run bench:store)';
const docsFile = join(__dirname, '..', '..', 'docs', 'benchmarks.md');

type Results = Record<ContenderName, ContenderResult[]>;
type Workload = 'single' | 'batched' | 'read';

interface Run {
  readonly config: StoreBenchConfig;
  readonly machine: MachineInfo;
  readonly results: Results;
  readonly load: { readonly start: number; readonly end: number };
  readonly seconds: number;
}

function runContender(name: ContenderName, url: string): Promise<ContenderResult> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'store', 'run-contender.ts'), [], {
      env: { ...process.env, BENCH_CONTENDER: name, BENCH_CONTENDER_URL: url },
    });
    let result: ContenderResult | undefined;
    child.on('message', (message) => {
      result = message as ContenderResult;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && result) resolve(result);
      else reject(new Error(`${contenderLabels[name]} failed (exit code ${code ?? 'none'})`));
    });
  });
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const rates = (results: readonly ContenderResult[], workload: Workload): number[] =>
  results.map((result) => result[workload].events / result[workload].seconds);
const count = (value: number): string => Math.round(value).toLocaleString('en-US');
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;
const ms = (value: number): string => value.toFixed(1);
const labels = contenderNames.map((name) => contenderLabels[name]).join(' | ');
const columns = `| --- |${' --: |'.repeat(contenderNames.length)}`;

function render({ config, machine, results, load, seconds }: Run): string {
  const rate = (name: ContenderName, workload: Workload): number => median(rates(results[name], workload));
  const workloads: [Workload, string][] = [
    ['single', '(a) 1 event per append'],
    ['batched', `(b) ${config.batchSize} events per append`],
    ['read', '(c) read the global feed'],
  ];
  const rateRows = workloads.map(([workload, title]) => {
    const [c, e, p, alone] = contenderNames.map((name) => rate(name, workload)) as [
      number,
      number,
      number,
      number,
    ];
    return `| ${title} | ${count(c)} | ${count(e)} | ${count(p)} | ${count(alone)} | ${ratio(c, e)} | ${ratio(c, p)} | ${ratio(alone, e)} |`;
  });
  const spreadRows = workloads.map(([workload, title]) => {
    const cells = contenderNames.map((name) => {
      const values = rates(results[name], workload);
      return `${count(Math.min(...values))} – ${count(Math.max(...values))}`;
    });
    return `| ${title} | ${cells.join(' | ')} |`;
  });
  const latencyRows = workloads.slice(0, 2).map(([workload, title]) => {
    const cells = contenderNames.map((name) => {
      const runs = results[name].map((result) => result[workload as 'single' | 'batched']);
      return `${ms(median(runs.map((r) => r.p50Ms)))} / ${ms(median(runs.map((r) => r.p99Ms)))}`;
    });
    return `| ${title} | ${cells.join(' | ')} |`;
  });
  const readNotes = contenderNames.flatMap((name) => {
    const worst = results[name].reduce(
      (acc, r) => ({
        duplicates: Math.max(acc.duplicates, r.read.duplicates),
        missed: Math.max(acc.missed, r.written - r.read.events),
      }),
      { duplicates: 0, missed: 0 },
    );
    const faults = [
      ...(worst.duplicates > 0 ? [`handed over up to ${count(worst.duplicates)} events twice`] : []),
      ...(worst.missed > 0 ? [`missed up to ${count(worst.missed)} events`] : []),
    ];
    if (faults.length === 0) return [];
    return [
      `- In a round, ${contenderLabels[name]}'s feed read ${faults.join(' and ')}; (c) counts distinct events only.`,
    ];
  });
  const first = results.continuum[0]!;
  const [single, emmett, plain] = [
    rate('continuum', 'single'),
    rate('emmett', 'single'),
    rate('plain', 'single'),
  ];
  const goal = (met: boolean): string => (met ? 'met' : '**not met**');
  const date = new Date().toISOString().slice(0, 10);
  return [
    `Run on ${date}: ${describeMachineInline(machine)}. One-minute load average ${load.start.toFixed(1)} before the run and ${load.end.toFixed(1)} after it (other processes on the machine show up here); the run took ${count(seconds)} s.`,
    `Each contender gets a fresh database on the same server and runs alone in its own Node process. A round runs every contender once; ${config.rounds} rounds, the order rotated each round, and the figures are medians over the rounds. ${config.writers} concurrent writers share ${count(config.streams)} streams, each writer owning its own, so Continuum and Emmett append with the exact expected revision every time; the floor checks nothing. Every contender uses a pool of ${config.poolSize} connections. Every event carries the same ${payloadBytes.data}-byte JSON data and ${payloadBytes.metadata}-byte metadata under a fresh UUID. Each write workload follows ${count(config.warmupEvents)} untimed warm-up events (the first warm-up creates every stream).`,
    [
      `- (a) ${count(first.single.events)} events, one per append.`,
      `- (b) ${count(first.batched.events)} events, ${config.batchSize} per append.`,
      `- (c) the whole global feed from its start (${count(first.written)} events, warm-ups included) in pages of ${count(config.pageSize)}, timed on the second of two passes: Continuum \`readAll\`; Emmett \`readMessagesBatch\`, what its consumers poll; plain keyset \`SELECT ... WHERE global_position > $1 ORDER BY global_position LIMIT 1000\`.`,
    ].join('\n'),
    'Events per second, median over the rounds (higher is better):',
    [
      `| workload | ${labels} | Continuum / Emmett | Continuum / plain | no group commit / Emmett |`,
      `| --- |${' --: |'.repeat(contenderNames.length + 3)}`,
      ...rateRows,
    ].join('\n'),
    'Spread over the rounds, lowest – highest events per second:',
    [`| workload | ${labels} |`, columns, ...spreadRows].join('\n'),
    'Append latency, p50 / p99 in milliseconds (medians over the rounds):',
    [`| workload | ${labels} |`, columns, ...latencyRows].join('\n'),
    ...(readNotes.length > 0 ? [readNotes.join('\n')] : []),
    `Goals for (a): at least 2x Emmett, ${goal(single >= 2 * emmett)} (${ratio(single, emmett)}); at least half the plain-INSERT rate, ${goal(single >= 0.5 * plain)} (${ratio(single, plain)}).`,
    'Continuum writes appends that arrive while others are being written together, one statement and one commit for many (group commit, docs/event-store.md); _Continuum, no group commit_ is the same store with `appendGroups: false`, each append its own statement and commit, as Emmett and the floor write theirs. The plain floor is one table (`global_position bigserial` primary key, `event_id uuid` unique, stream name and position, type, `jsonb` data and metadata) written with multi-row `INSERT`s: no stream table, no revision check. Settings: `BENCH_EVENTS`, `BENCH_ROUNDS`, `BENCH_WARMUP_EVENTS`, `BENCH_WRITERS`, `BENCH_STREAMS`, `BENCH_POOL_SIZE`, `BENCH_DATABASE_URL`.',
  ].join('\n\n');
}

async function main(): Promise<void> {
  const config = readStoreBenchConfig();
  const serverUrl = benchServerUrl();
  const machine = await describeMachine(serverUrl);
  const startLoad = loadavg()[0] ?? 0;
  const started = Date.now();
  const results: Results = { continuum: [], emmett: [], plain: [], 'continuum-alone': [] };
  for (let round = 0; round < config.rounds; round++) {
    const order = contenderNames.map((_, i) => contenderNames[(i + round) % contenderNames.length]!);
    for (const name of order) {
      const database = await createBenchDatabase(serverUrl, `store_${name}`);
      try {
        await checkpoint(serverUrl);
        process.stderr.write(
          `round ${round + 1}/${config.rounds}: ${contenderLabels[name]} in ${database.name}\n`,
        );
        results[name].push(await runContender(name, database.url));
      } finally {
        await database.drop();
      }
    }
  }
  const run: Run = {
    config,
    machine,
    results,
    load: { start: startLoad, end: loadavg()[0] ?? 0 },
    seconds: (Date.now() - started) / 1000,
  };
  const section = await writeSection(docsFile, heading, render(run));
  console.log(`\n${section}\n`);
  process.stderr.write(`Done in ${count(run.seconds)} s; written to docs/benchmarks.md\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
