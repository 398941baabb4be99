// npm run bench:ingest: campus events through Kafka into the event store and the partner 360 of a running system.
import 'reflect-metadata';
import { campusEventTypes, createTopicsSettled, type CampusEventType } from '@continuum/campus-integration';
import { Kafka, logLevel, Partitioners, type Admin, type Message, type Producer } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import {
  kafkaKeyOf,
  sampleEvent,
  topicOf,
  type RawCampusEvent,
  type SampleCompany,
} from '../../libs/campus-integration/src/testing/campus-event-samples';
import { asOfToday } from './ingest/current-business';
import { waitUntilSettled } from './ingest/settle';
import { count, ms, percentile, seconds } from './projections/stats';
import { benchServerUrl, checkpoint, createBenchDatabase } from './support/database';
import { cpuPerEvent, sampleCpu, type CpuSample } from './support/cpu-usage';
import { describeMachine, describeMachineInline } from './support/machine';
import { writeSection } from './support/markdown';
import { startSystemProcess, type SystemProcess } from './support/system-process';

const heading = '## Campus ingestion (npm run bench:ingest)';
const docsFile = join(__dirname, '..', '..', 'docs', 'benchmarks.md');
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const config = {
  companies: Number(process.env.BENCH_INGEST_COMPANIES ?? 5_000),
  backlog: Number(process.env.BENCH_INGEST_EVENTS ?? 20_000),
  rate: Number(process.env.BENCH_INGEST_RATE ?? 500),
  latencySeconds: Number(process.env.BENCH_INGEST_SECONDS ?? 30),
  /** A second live phase below the measured capacity, to show the latency of the pipeline itself. */
  lowRate: Number(process.env.BENCH_INGEST_LOW_RATE ?? 100),
  partitions: Number(process.env.BENCH_INGEST_PARTITIONS ?? 6),
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(','),
  pollMs: 10,
  /** The samples' fixed business dates and amounts (months back, every gift major), as runs before session 6 sent. */
  sampleDates: process.env.BENCH_INGEST_DATES === 'samples',
};

const systems = ['research', 'careers', 'advancement', 'curriculum', 'workforce', 'tech-transfer'];

/** Relative frequency of each type in the mix (follow-ups name lines opened in the warm-up). */
const mix: Readonly<Record<CampusEventType, number>> = {
  'edu.university.advancement.gift-received.v1': 25,
  'edu.university.careers.recruiting-event-attended.v1': 12,
  'edu.university.careers.intern-placed.v1': 10,
  'edu.university.curriculum.capstone-sponsored.v1': 8,
  'edu.university.research.agreement-signed.v1': 8,
  'edu.university.careers.placement-completed.v1': 6,
  'edu.university.workforce.training-contract-signed.v1': 6,
  'edu.university.advancement.pledge-made.v1': 5,
  'edu.university.research.agreement-amended.v1': 4,
  'edu.university.curriculum.advisory-seat-accepted.v1': 3,
  'edu.university.tech-transfer.license-executed.v1': 3,
  'edu.university.research.agreement-terminated.v1': 1,
};

/** Where the partner 360 shows a new line: its `partner_engagements` row. */
const engagementItemOf: Partial<Record<CampusEventType, [string, (event: RawCampusEvent) => string]>> = {
  'edu.university.research.agreement-signed.v1': ['agreement', (e) => String(e.data.agreementId)],
  'edu.university.careers.intern-placed.v1': ['placement', (e) => String(e.data.placementId)],
  'edu.university.advancement.gift-received.v1': ['gift', (e) => String(e.data.giftId)],
  'edu.university.advancement.pledge-made.v1': ['pledge', (e) => String(e.data.pledgeId)],
  'edu.university.curriculum.capstone-sponsored.v1': ['capstone', (e) => String(e.data.projectId)],
  'edu.university.workforce.training-contract-signed.v1': [
    'training-contract',
    (e) => String(e.data.contractId),
  ],
  'edu.university.tech-transfer.license-executed.v1': ['license', (e) => String(e.data.licenseId)],
};

/** The stream category of each timed item's aggregate: `<category>-<id>` holds the event that opened it. */
const streamCategoryOf: Record<string, string> = {
  agreement: 'agreement',
  placement: 'placement',
  gift: 'gift',
  pledge: 'pledge',
  capstone: 'capstone',
  'training-contract': 'training',
  license: 'license',
};

/** Deterministic pseudo-random numbers, so every run produces the same mix. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The campus systems' traffic: each system keys a company its own way; the web domain ties them together. */
class CampusTraffic {
  private readonly next = random(20261129);
  /** Dates and amounts draw apart, so the sequence of types and companies is the same with either dating. */
  private readonly businessDraws = random(7);
  private sequence = 0;
  private readonly agreements: number[] = [];
  private readonly terminable: number[] = [];
  private readonly placements: number[] = [];
  private readonly weighted = campusEventTypes.flatMap((type) =>
    Array<CampusEventType>(mix[type]).fill(type),
  );

  constructor(private readonly companies: number) {}

  private company(index: number, type: CampusEventType): SampleCompany {
    const system = type.split('.')[2] ?? 'research';
    return { system, id: `ORG-${index}`, name: `Company ${index} Inc.`, domain: `company-${index}.example` };
  }

  private event(type: CampusEventType, company: number, ref: string, begunBefore = false): RawCampusEvent {
    const now = new Date();
    const sampled = sampleEvent(type, this.company(company, type), ref, now.toISOString());
    const id = `${sampled.id}-${(this.sequence += 1)}`;
    const data = config.sampleDates
      ? sampled.data
      : asOfToday(type, sampled.data, now, this.businessDraws, begunBefore);
    if (type !== 'edu.university.advancement.gift-received.v1') return { ...sampled, id, data };
    const { pledgeId: _pledge, ...gift } = data;
    return { ...sampled, id, data: { ...gift, giftType: 'CASH' } };
  }

  /** One agreement or placement per company of the first half: the lines the follow-ups name. */
  warmUp(): RawCampusEvent[] {
    return Array.from({ length: this.companies }, (_, index) => {
      const isAgreement = index % 2 === 0;
      (isAgreement ? (index % 4 === 0 ? this.agreements : this.terminable) : this.placements).push(index);
      return this.event(
        isAgreement
          ? 'edu.university.research.agreement-signed.v1'
          : 'edu.university.careers.intern-placed.v1',
        index,
        `w${index}`,
        true,
      );
    });
  }

  take(): RawCampusEvent {
    for (;;) {
      const type =
        this.weighted[Math.floor(this.next() * this.weighted.length)] ??
        'edu.university.advancement.gift-received.v1';
      const pool =
        type === 'edu.university.research.agreement-amended.v1'
          ? this.agreements
          : type === 'edu.university.research.agreement-terminated.v1'
            ? this.terminable
            : type === 'edu.university.careers.placement-completed.v1'
              ? this.placements
              : undefined;
      if (pool === undefined) {
        // Heavy-tailed: a few companies do much more with the university than most.
        const company = Math.floor(this.companies * this.next() ** 2);
        return this.event(type, company, `e${this.sequence}`);
      }
      const company = pool.pop();
      if (company !== undefined) return this.event(type, company, `w${company}`);
    }
  }
}

const messageOf = (event: RawCampusEvent): Message => ({
  key: kafkaKeyOf(event),
  value: JSON.stringify(event),
  headers: { 'content-type': 'application/cloudevents+json' },
});

async function produce(producer: Producer, prefix: string, events: readonly RawCampusEvent[]): Promise<void> {
  const byTopic = new Map<string, Message[]>();
  for (const event of events) {
    const topic = topicOf(event, prefix);
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), messageOf(event)]);
  }
  await producer.sendBatch({
    acks: -1,
    topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
  });
}

async function handledCount(pool: Pool): Promise<number> {
  const result = await pool.query<{ applied: string; dead: string }>(
    `SELECT (SELECT count(*) FROM campus_integration.inbox WHERE status = 'applied') AS applied,
            (SELECT count(*) FROM campus_integration.dead_letters) AS dead`,
  );
  return Number(result.rows[0]?.applied ?? 0) + Number(result.rows[0]?.dead ?? 0);
}

async function waitForHandled(pool: Pool, target: number, what: string): Promise<number> {
  const deadline = Date.now() + 30 * 60_000;
  let last = -1;
  let lastLog = 0;
  for (;;) {
    const handled = await handledCount(pool);
    if (handled >= target) return performance.now();
    if (Date.now() > deadline) throw new Error(`${what}: only ${handled} of ${target} handled`);
    if (handled !== last && Date.now() - lastLog > 5_000) {
      log(`${what}: ${count(handled)} / ${count(target)}`);
      lastLog = Date.now();
    }
    last = handled;
    // Counting the inbox reads the whole table: 5 times a second keeps the probe's share of PostgreSQL small.
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

interface LatencyRun {
  readonly produced: number;
  readonly achievedRate: number;
  readonly sampled: number;
  readonly latencies: number[];
  /** The same lines split in two: produce → stored in the event store, and stored → shown in the 360. */
  readonly toStored: number[];
  readonly storedToShown: number[];
  readonly unseen: number;
}

/** Splits each shown line's latency at its first event's `recorded_at` (same machine, same clock). */
async function storedTimes(
  pool: Pool,
  wall: ReadonlyMap<string, { sent: number; shown?: number }>,
): Promise<{ toStored: number[]; storedToShown: number[] }> {
  const shown = [...wall].filter(([, times]) => times.shown !== undefined);
  const streams = shown.map(([key]) => {
    const [item = '', ...id] = key.split('|');
    return `${streamCategoryOf[item] ?? item}-${id.join('|')}`;
  });
  const { rows } = await pool.query<{ stream: string; stored: string }>(
    `SELECT e.stream_name AS stream, (extract(epoch FROM e.recorded_at) * 1000)::text AS stored
     FROM event_store.events e WHERE e.stream_name = ANY($1::text[]) AND e.stream_revision = 0`,
    [streams],
  );
  const storedAt = new Map(rows.map((row) => [row.stream, Number(row.stored)]));
  const toStored: number[] = [];
  const storedToShown: number[] = [];
  shown.forEach(([, times], index) => {
    const stored = storedAt.get(streams[index] ?? '');
    if (stored === undefined || times.shown === undefined) return;
    toStored.push(stored - times.sent);
    storedToShown.push(times.shown - stored);
  });
  return { toStored: toStored.sort((a, b) => a - b), storedToShown: storedToShown.sort((a, b) => a - b) };
}

/** Produces at `rate` for `seconds`; times each new line from just before its send to its row in the 360. */
async function measureLatency(
  pool: Pool,
  producer: Producer,
  prefix: string,
  traffic: CampusTraffic,
  rate: number,
): Promise<LatencyRun> {
  const pending = new Map<string, number>();
  const latencies: number[] = [];
  // Wall-clock send and show times, to compare with the event store's recorded_at.
  const wall = new Map<string, { sent: number; shown?: number }>();
  // Shared with the watcher below, which reads them while this function writes them.
  const phase = { producing: true, lastSend: performance.now() };
  const watcher = (async () => {
    while (phase.producing || pending.size > 0) {
      const keys = [...pending.keys()];
      if (keys.length > 0) {
        const items = keys.map((key) => key.split('|')[0] ?? '');
        const ids = keys.map((key) => key.slice(key.indexOf('|') + 1));
        const seen = await pool.query<{ item: string; item_id: string }>(
          // `item_id = ANY` lets the probe look its keys up in the index instead of scanning the table.
          `SELECT item, item_id FROM read_models.partner_engagements
           WHERE item_id = ANY($2::text[]) AND (item, item_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
          [items, ids],
        );
        const now = performance.now();
        for (const row of seen.rows) {
          const key = `${row.item}|${row.item_id}`;
          const sentAt = pending.get(key);
          if (sentAt === undefined) continue;
          latencies.push(now - sentAt);
          pending.delete(key);
          const times = wall.get(key);
          if (times) times.shown = Date.now();
        }
      }
      if (!phase.producing && performance.now() - phase.lastSend > 60_000) break;
      await new Promise((resolve) => setTimeout(resolve, config.pollMs));
    }
  })();
  const tickMs = 10;
  const perTick = (rate * tickMs) / 1000;
  const started = performance.now();
  let produced = 0;
  let sampled = 0;
  while (performance.now() - started < config.latencySeconds * 1000) {
    const due = Math.floor(((performance.now() - started) / tickMs + 1) * perTick) - produced;
    const events = Array.from({ length: Math.max(0, due) }, () => traffic.take());
    if (events.length > 0) {
      phase.lastSend = performance.now();
      for (const event of events) {
        const item = engagementItemOf[event.type];
        if (item) {
          pending.set(`${item[0]}|${item[1](event)}`, phase.lastSend);
          wall.set(`${item[0]}|${item[1](event)}`, { sent: Date.now() });
          sampled += 1;
        }
      }
      await produce(producer, prefix, events);
      produced += events.length;
    }
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
  const elapsed = (performance.now() - started) / 1000;
  phase.producing = false;
  await watcher;
  const stages = await storedTimes(pool, wall);
  return {
    produced,
    achievedRate: produced / elapsed,
    sampled,
    ...stages,
    latencies: latencies.sort((a, b) => a - b),
    unseen: pending.size,
  };
}

/** The whole system (`APP_ROLE=all`) in its own process, as `npm start` runs it, on the bench's database and topics. */
function startSystem(databaseUrl: string, prefix: string): Promise<SystemProcess> {
  return startSystemProcess({
    APP_ROLE: 'all',
    DATABASE_URL: databaseUrl,
    AUTH_JWT_SECRET: 'continuum-bench-secret-0123456789abcdef',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    KAFKA_BROKERS: config.brokers.join(','),
    CAMPUS_TOPICS: systems.map((system) => `${prefix}.${system}.events`).join(','),
    CAMPUS_CONSUMER_GROUP: prefix,
    CAMPUS_TOPIC_PARTITIONS: String(config.partitions),
    ...(process.env.CAMPUS_PARTITIONS_CONCURRENTLY
      ? { CAMPUS_PARTITIONS_CONCURRENTLY: process.env.CAMPUS_PARTITIONS_CONCURRENTLY }
      : {}),
  });
}

const cpuText = (cpu: CpuSample): string =>
  `system ${cpu.system.toFixed(2)} ms, PostgreSQL ${cpu.postgres.toFixed(2)} ms, Kafka ${cpu.kafka.toFixed(2)} ms, benchmark ${cpu.benchmark.toFixed(2)} ms`;

async function main(): Promise<void> {
  const serverUrl = benchServerUrl();
  const machine = await describeMachine(serverUrl);
  const load: string[] = [`${(loadavg()[0] ?? 0).toFixed(1)} before the run`];
  const started = performance.now();
  const prefix = `bench-ingest-${randomBytes(3).toString('hex')}`;
  const topics = systems.flatMap((system) => [
    `${prefix}.${system}.events`,
    `${prefix}.${system}.events.dlq`,
  ]);
  const kafka = new Kafka({ clientId: prefix, brokers: config.brokers, logLevel: logLevel.NOTHING });
  const admin: Admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
  await Promise.all([admin.connect(), producer.connect()]);
  await createTopicsSettled(
    admin,
    topics.map((topic) => ({ topic, numPartitions: config.partitions })),
  );
  const database = await createBenchDatabase(serverUrl, 'ingest');
  await checkpoint(serverUrl);
  const system = await startSystem(database.url, prefix);
  const pool = new Pool({ connectionString: database.url, max: 2, application_name: 'bench-ingest-probe' });
  try {
    const traffic = new CampusTraffic(config.companies);
    const warmUp = traffic.warmUp();
    log(`warm-up: ${count(warmUp.length)} events (one line per company)`);
    const warmStarted = performance.now();
    await produce(producer, prefix, warmUp);
    const warmDone = await waitForHandled(pool, warmUp.length, 'warm-up');
    const warmRate = warmUp.length / ((warmDone - warmStarted) / 1000);
    log(`warm-up: ${count(warmRate)} events/s`);
    // Each phase starts on a quiet system: no read model, playbook or follow-up still working on the last one.
    const warmSettledAfter = ((await waitUntilSettled(pool, 'warm-up', log)) - warmDone) / 1000;

    load.push(`${(loadavg()[0] ?? 0).toFixed(1)} before the backlog`);
    const backlog = Array.from({ length: config.backlog }, () => traffic.take());
    const cpuBefore = sampleCpu(system.pid);
    const backlogStarted = performance.now();
    await produce(producer, prefix, backlog);
    const producedIn = (performance.now() - backlogStarted) / 1000;
    const backlogDone = await waitForHandled(pool, warmUp.length + backlog.length, 'backlog');
    const backlogCpu = cpuPerEvent(cpuBefore, sampleCpu(system.pid), backlog.length);
    const backlogSeconds = (backlogDone - backlogStarted) / 1000;
    const throughput = backlog.length / backlogSeconds;
    log(
      `backlog: ${count(throughput)} events/s (${seconds(backlogSeconds)} s, produced in ${seconds(producedIn)} s)`,
    );
    log(`backlog CPU per event: ${cpuText(backlogCpu)}`);
    const backlogSettled = await waitUntilSettled(pool, 'backlog', log);
    const settledCpu = cpuPerEvent(cpuBefore, sampleCpu(system.pid), backlog.length);
    const settledSeconds = (backlogSettled - backlogStarted) / 1000;
    log(
      `backlog done downstream too: ${count(backlog.length / settledSeconds)} events/s (${seconds(settledSeconds)} s); CPU per event ${cpuText(settledCpu)}`,
    );

    load.push(`${(loadavg()[0] ?? 0).toFixed(1)} before the live phase`);
    const latency = await measureLatency(pool, producer, prefix, traffic, config.rate);
    const offered = warmUp.length + backlog.length + latency.produced;
    await waitForHandled(pool, offered, 'drain after the live phase');
    await waitUntilSettled(pool, 'live phase', log);
    const low = await measureLatency(pool, producer, prefix, traffic, config.lowRate);
    const lowP50 = percentile(low.latencies, 50);
    const lowP99 = percentile(low.latencies, 99);
    log(`live at ${config.lowRate}/s: p50 ${ms(lowP50)} ms, p99 ${ms(lowP99)} ms`);
    const deadLetters = Number(
      (await pool.query<{ n: string }>('SELECT count(*) AS n FROM campus_integration.dead_letters')).rows[0]
        ?.n ?? 0,
    );
    const partners = Number(
      (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM read_models.partner_profiles`)).rows[0]
        ?.n ?? 0,
    );
    // The follow-ups the playbooks issued, and how many still wait for the dispatcher: its lag under this load.
    const commands = (
      await pool.query<{ issued: string; waiting: string }>(
        `SELECT count(*) AS issued, count(*) FILTER (WHERE done_at IS NULL) AS waiting FROM workflows.outbox`,
      )
    ).rows[0];
    load.push(`${(loadavg()[0] ?? 0).toFixed(1)} at the end`);
    const p50 = percentile(latency.latencies, 50);
    const p99 = percentile(latency.latencies, 99);
    log(`live: ${count(latency.achievedRate)}/s, p50 ${ms(p50)} ms, p99 ${ms(p99)} ms`);
    const split = (run: LatencyRun): string =>
      `${ms(percentile(run.toStored, 50))} / ${ms(percentile(run.toStored, 99))} ms to the event store, then ${ms(
        percentile(run.storedToShown, 50),
      )} / ${ms(percentile(run.storedToShown, 99))} ms to the 360`;
    log(`live split: ${split(latency)}; at ${config.lowRate}/s: ${split(low)}`);

    const body = `
Run on ${new Date().toISOString().slice(0, 10)}: ${describeMachineInline(machine)}; Kafka (single KRaft broker) on the same machine. One-minute load average ${load.join(', ')}; the run took ${seconds((performance.now() - started) / 1000)} s.

The whole system runs in its own Node process, as \`npm start\` runs it (\`APP_ROLE=all\`: HTTP API, projections, workflows, publisher and the campus consumer), on a fresh database; the benchmark's producer and probe run in another process; ${config.partitions} partitions per campus topic; the consumer runs as ${process.env.CAMPUS_CONSUMER_LANES ?? 4} members of its group (lanes) and takes ${process.env.CAMPUS_PARTITIONS_CONCURRENTLY ?? 'all its'} partitions at once, and within a partition up to 8 message keys side by side (each key in order). Each campus system keys a company by its own id (\`ORG-<n>\` in its \`system\`) and sends its web domain, so ${count(config.companies)} companies arrive under six keys each and identity resolution ties them together through the domain. Events are structured-mode CloudEvents keyed as the contract says.

- **Warm-up**: one agreement or placement per company (${count(warmUp.length)} events, registering ${count(config.companies)} prospect partners): ${count(warmRate)} events/s; quiet downstream ${seconds(warmSettledAfter)} s after its last event was stored. Every phase starts on a quiet system (no read model, playbook or publisher behind the head, no follow-up waiting for the dispatcher, no timer due): \`test/bench/ingest/settle.ts\`.
- **Mix** (backlog and live phase): gifts ${mix['edu.university.advancement.gift-received.v1']}%, recruiting attendance ${mix['edu.university.careers.recruiting-event-attended.v1']}%, placements ${mix['edu.university.careers.intern-placed.v1']}%, capstones ${mix['edu.university.curriculum.capstone-sponsored.v1']}%, agreements signed ${mix['edu.university.research.agreement-signed.v1']}%, placements completed ${mix['edu.university.careers.placement-completed.v1']}%, training contracts ${mix['edu.university.workforce.training-contract-signed.v1']}%, pledges ${mix['edu.university.advancement.pledge-made.v1']}%, amendments ${mix['edu.university.research.agreement-amended.v1']}%, advisory seats ${mix['edu.university.curriculum.advisory-seat-accepted.v1']}%, licences ${mix['edu.university.tech-transfer.license-executed.v1']}%, terminations ${mix['edu.university.research.agreement-terminated.v1']}%; companies drawn heavy-tailed (a few do most); follow-ups name lines from the warm-up. ${config.sampleDates ? 'Business dates and amounts as in the contract samples (`BENCH_INGEST_DATES=samples`): months before the run, every gift 25,000 USD (a major gift), so follow-ups timed from them fall due at once.' : "Business dates as a campus system sends them on the day (new agreements start today and run one to three years, new placements start within two months, gifts are received today; the warm-up's agreements and placements began months before, so they can be amended, ended or completed today) and gift sizes that vary (about one gift in seven, and one pledge in three, is major): `test/bench/ingest/current-business.ts`; `BENCH_INGEST_DATES=samples` sends the contract samples' fixed dates and amounts instead."}

| measure | figure | goal |
| --- | ---: | --- |
| sustained ingest, backlog of ${count(backlog.length)} events produced at once (produce ${seconds(producedIn)} s), first send to last event stored | **${count(throughput)} events/s** (${seconds(backlogSeconds)} s) | ≥ 1,000 events/s: ${throughput >= 1000 ? 'met' : 'not met'} |
| CPU time per backlog event (the system's process; all PostgreSQL processes; Kafka; this benchmark) | ${cpuText(backlogCpu)} | |
| the backlog done downstream too (read models, playbooks and publisher at the head, its follow-up tasks dispatched, due timers fired), first send to quiet | ${count(backlog.length / settledSeconds)} events/s (${seconds(settledSeconds)} s); CPU per event ${cpuText(settledCpu)} | |
| live phase: offered ${count(config.rate)} events/s for ${config.latencySeconds} s, achieved | ${count(latency.achievedRate)} events/s (${count(latency.produced)} events) | |
| produce → partner 360 shows the new line, p50 | **${ms(p50)} ms** | |
| produce → partner 360 shows the new line, p99 | **${ms(p99)} ms** | < 250 ms: ${p99 < 250 ? 'met' : 'not met'} |
| the same lines split, p50 / p99: produce → first event stored (its \`recorded_at\`), stored → 360 | ${split(latency)} | |
| lines timed / not shown within 60 s after the phase | ${count(latency.sampled)} / ${count(latency.unseen)} | |
| second live phase, offered ${count(config.lowRate)} events/s for ${config.latencySeconds} s (below the capacity above), p50 / p99 | ${ms(lowP50)} ms / ${ms(lowP99)} ms (${count(low.sampled)} lines timed); split: ${split(low)} | |
| dead letters over the whole run | ${count(deadLetters)} | 0 expected |
| partners at the end | ${count(partners)} | ${count(config.companies)} expected |
| follow-up commands the playbooks issued (tasks to create, complete or cancel) / still waiting for the dispatcher at the end | ${count(Number(commands?.issued ?? 0))} / ${count(Number(commands?.waiting ?? 0))} | |

Latency is timed for the events that open a line with its own row in the partner 360 (\`read_models.partner_engagements\`: agreements, placements, gifts, pledges, capstones, training contracts, licences; ${count(latency.sampled)} of ${count(latency.produced)}), from just before the producer's send (acks=all) until a probe polling every ${config.pollMs} ms sees the row, so the figures include up to ${config.pollMs} ms of polling. Settings: \`BENCH_INGEST_COMPANIES\`, \`BENCH_INGEST_EVENTS\`, \`BENCH_INGEST_RATE\`, \`BENCH_INGEST_SECONDS\`, \`BENCH_INGEST_PARTITIONS\`, \`BENCH_INGEST_DATES\`, \`CAMPUS_PARTITIONS_CONCURRENTLY\`, \`CAMPUS_CONSUMER_LANES\`, \`KAFKA_BROKERS\`, \`BENCH_DATABASE_URL\`; \`BENCH_PROFILE_DIR\` runs the system under \`--cpu-prof\` and leaves its profile there; \`BENCH_KEEP_DATABASE\` keeps the database for inspection.
`;
    const section = await writeSection(docsFile, heading, body);
    console.log(`\n${section}\n`);
  } finally {
    await pool.end();
    await system.stop();
    await producer.disconnect();
    await admin.deleteGroups([prefix]).catch(() => undefined);
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
    if (process.env.BENCH_KEEP_DATABASE) log(`kept the database ${database.name}`);
    else await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
