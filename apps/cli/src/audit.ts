import {
  PartnerHistoryReader,
  PartnerSnapshots,
  PartnerStateReader,
  ProjectionVerifier,
  recordAuditRead,
  timelineLine,
  toHistoryEntry,
  type AuditQuery,
  type TimeBasis,
} from '@continuum/audit';
import {
  PostgresChainAudit,
  PostgresEventStore,
  sealUnsealedStreams,
  type EventStore,
  type SqlQuery,
} from '@continuum/event-store';
import { createRootLogger, loadConfig, startInfrastructure } from '@continuum/platform';
import { ProjectionStore } from '@continuum/projections';
import { SingleBar } from 'cli-progress';
import { userInfo } from 'node:os';
import { DataSource } from 'typeorm';
import { allProjections } from '../../worker/src/projections/all-projections';

const usage = `usage: npm run audit -- verify
       npm run audit -- seal       (once, after upgrading a store written before the hash chain)
       npm run audit -- verify-projections [<projection> ...]
       npm run audit -- history <partnerId> [--as-of <ISO time>] [--basis recorded|occurred]`;

const viewer = `cli:${userInfo().username}`;

function option(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
}

const record = (
  store: EventStore,
  query: AuditQuery,
  partnerId?: string,
  parameters: Record<string, string> = {},
) => recordAuditRead(store, { query, partnerId, viewer, roles: ['auditor'], parameters });

/** Every stream's hash chain against its head; exit code 1 when any link is broken. */
async function verifyChains(store: EventStore, query: SqlQuery): Promise<boolean> {
  if (!(store instanceof PostgresEventStore))
    throw new Error('npm run audit -- verify reads the PostgreSQL store tables (EVENT_STORE=postgres)');
  await record(store, 'verify-store');
  const bar = new SingleBar({
    format: 'hash chains [{bar}] {percentage}% | {value}/{total} events | {streams} streams',
  });
  bar.start(1, 0, { streams: 0 });
  const result = await new PostgresChainAudit(query).verifyAll((progress) => {
    bar.setTotal(Math.max(1, progress.totalEvents));
    bar.update(progress.eventsChecked, { streams: progress.streamsChecked });
  });
  bar.stop();
  console.log(`${result.streamsChecked} streams, ${result.eventsChecked} events checked`);
  for (const broken of result.breaks)
    console.log(`BROKEN ${broken.stream} at revision ${broken.revision}: ${broken.reason}`);
  if (result.breaks.length === 0) console.log('every hash chain is intact');
  return result.breaks.length === 0;
}

/** Gives events written before the hash chain existed their hashes; recorded in the audit log. */
async function seal(store: EventStore, query: SqlQuery): Promise<void> {
  if (!(store instanceof PostgresEventStore))
    throw new Error('npm run audit -- seal is for the PostgreSQL store');
  const bar = new SingleBar({ format: 'sealing [{bar}] {value}/{total} streams' });
  bar.start(1, 0);
  const result = await sealUnsealedStreams(query, (sealed, total) => {
    bar.setTotal(Math.max(1, total));
    bar.update(sealed);
  });
  bar.stop();
  await record(store, 'seal-store', undefined, {
    streamsSealed: String(result.streamsSealed),
    eventsSealed: String(result.eventsSealed),
  });
  console.log(`${result.streamsSealed} streams (${result.eventsSealed} events) sealed`);
}

/** Rebuilds each projection into a shadow schema and compares it with the live tables. */
async function verifyProjections(
  store: EventStore,
  dataSource: DataSource,
  names: readonly string[],
): Promise<boolean> {
  const chosen = names.length === 0 ? allProjections : allProjections.filter((p) => names.includes(p.name));
  const unknown = names.filter((name) => !allProjections.some((p) => p.name === name));
  if (unknown.length > 0)
    throw new Error(
      `No projection named ${unknown.join(', ')}; known: ${allProjections.map((p) => p.name).join(', ')}`,
    );
  await record(store, 'verify-projections', undefined, { projections: chosen.map((p) => p.name).join(',') });
  const verifier = new ProjectionVerifier(store, dataSource, new ProjectionStore(dataSource));
  let clean = true;
  for (const projection of chosen) {
    const bar = new SingleBar({ format: `${projection.name} [{bar}] {value} events replayed` });
    bar.start(1, 0);
    const result = await verifier.verify(projection, (events) => {
      bar.setTotal(Math.max(1, events));
      bar.update(events);
    });
    bar.stop();
    const rows = result.tables.map((t) => `${t.table} ${t.rows}`).join(', ');
    console.log(`${projection.name} at ${result.checkpoint ?? '(not started)'}: ${rows}`);
    for (const difference of result.differences) {
      clean = false;
      console.log(
        `  DIFFERENT ${difference.table}: ${difference.missingFromLive} row(s) missing from live, ${difference.extraInLive} extra in live`,
      );
      for (const row of difference.samples.missingFromLive)
        console.log(`    rebuilt: ${JSON.stringify(row)}`);
      for (const row of difference.samples.extraInLive) console.log(`    live:    ${JSON.stringify(row)}`);
    }
  }
  if (clean) console.log('every read model matches a fresh rebuild');
  return clean;
}

/** A partner's readable timeline, up to a moment, with the state it folds to. */
async function history(
  store: EventStore,
  query: SqlQuery,
  partnerId: string,
  args: readonly string[],
): Promise<void> {
  const asOfText = option(args, '--as-of');
  const asOf = asOfText ? new Date(asOfText) : undefined;
  if (asOf && Number.isNaN(asOf.getTime())) throw new Error(`--as-of ${asOfText}: not a time`);
  const basis: TimeBasis = option(args, '--basis') === 'occurred' ? 'occurred' : 'recorded';
  const reader = new PartnerHistoryReader(store, query);
  if (!(await reader.hasHistory(partnerId)))
    throw new Error(
      `No event is about partner ${partnerId} (has a worker built the audit-partner-index read model?)`,
    );
  await record(store, 'history', partnerId, { ...(asOfText ? { asOf: asOfText } : {}), basis });
  let count = 0;
  for await (const { partnerId: about, event } of reader.events(partnerId, { to: asOf, basis })) {
    console.log(timelineLine(toHistoryEntry(about, event)));
    count += 1;
  }
  const state = await new PartnerStateReader(reader, new PartnerSnapshots(query)).asOf(
    partnerId,
    asOf ?? new Date(),
    basis,
  );
  const lines = Object.entries(state.lines)
    .filter(([, line]) => line.items > 0)
    .map(([name, line]) => `${name} ${line.items}${line.active ? ' (active)' : ''}`)
    .join(', ');
  console.log(`\n${count} events; as of ${state.asOf} (${basis}):`);
  console.log(
    `  ${state.profile.name ?? '(unregistered)'}, tier ${state.profile.tier ?? '-'}, owner ${state.profile.ownerId ?? '-'}, sponsor ${state.profile.sponsorId ?? '-'}`,
  );
  console.log(
    `  lines: ${lines || 'none'}; open tasks: ${state.openTasks.length}; engagement score ${state.engagement.score}`,
  );
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const infrastructure = await startInfrastructure(config, createRootLogger(config, 'cli'));
  const dataSource = await new DataSource({ type: 'postgres', url: infrastructure.databaseUrl }).initialize();
  const query: SqlQuery = <Row>(sql: string, parameters: readonly unknown[]) =>
    dataSource.query<Row[]>(sql, [...parameters]);
  let ok = true;
  try {
    if (command === 'verify') ok = await verifyChains(infrastructure.eventStore, query);
    else if (command === 'seal') await seal(infrastructure.eventStore, query);
    else if (command === 'verify-projections')
      ok = await verifyProjections(infrastructure.eventStore, dataSource, args);
    else if (command === 'history' && args[0])
      await history(infrastructure.eventStore, query, args[0], args.slice(1));
    else throw new Error(usage);
  } finally {
    await dataSource.destroy();
    await infrastructure.close();
  }
  if (!ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`audit: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
