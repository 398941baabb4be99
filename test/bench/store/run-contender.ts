// One contender per process: Emmett's driver wrapper swaps pg's global type parsers, which must not touch the others.
import { readStoreBenchConfig } from './config';
import { contenderLabels, isContenderName, type ContenderName, type StoreContender } from './contender';
import { openContinuum } from './continuum';
import { openEmmett } from './emmett';
import { openPlainInsert } from './plain-insert';
import { OwnedStreams, runFeedRead, runWrites, type ContenderResult, type WriteResult } from './workloads';

function open(name: ContenderName, url: string, poolSize: number): Promise<StoreContender> {
  switch (name) {
    case 'continuum':
      return openContinuum(url, poolSize);
    case 'emmett':
      return openEmmett(url, poolSize);
    case 'plain':
      return openPlainInsert(url, poolSize);
    case 'continuum-alone':
      return openContinuum(url, poolSize, false);
  }
}

const rate = (result: { events: number; seconds: number }): string =>
  `${Math.round(result.events / result.seconds).toLocaleString('en-US')} events/s`;

async function main(): Promise<void> {
  const name = process.env.BENCH_CONTENDER;
  const url = process.env.BENCH_CONTENDER_URL;
  if (!isContenderName(name) || !url || !process.send)
    throw new Error('run-contender.ts is started by store.bench.ts, not directly');
  const config = readStoreBenchConfig();
  const label = contenderLabels[name];
  const log = (line: string): void => void process.stderr.write(`  ${label}: ${line}\n`);
  const contender = await open(name, url, config.poolSize);
  try {
    const streams = new OwnedStreams(config.streams, config.writers);
    let written = 0;
    const write = async (appends: number, eventsPerAppend: number): Promise<WriteResult> => {
      const result = await runWrites(contender, streams, appends, eventsPerAppend);
      written += result.events;
      return result;
    };

    await write(config.warmupEvents, 1); // also creates the streams, so timed appends all expect a revision
    const single = await write(config.events, 1);
    log(`(a) ${rate(single)}`);
    await write(Math.ceil(config.warmupEvents / config.batchSize), config.batchSize);
    const batched = await write(Math.ceil(config.events / config.batchSize), config.batchSize);
    log(`(b) ${rate(batched)}`);
    await runFeedRead(contender, config.pageSize); // untimed: warms the code paths and sets the rows' hint bits
    const read = await runFeedRead(contender, config.pageSize);
    log(`(c) ${rate(read)}`);
    // Reported, not fatal: a reader that repeats or skips events is a finding, and the table says so.
    if (read.duplicates > 0) log(`the feed read handed over ${read.duplicates} events twice`);
    if (read.events !== written)
      log(`the feed read found ${read.events} distinct events, ${written} were written`);

    const result: ContenderResult = { single, batched, read, written };
    await new Promise<void>((resolve, reject) => {
      process.send?.(result, undefined, undefined, (error: Error | null) =>
        error ? reject(error) : resolve(),
      );
    });
  } finally {
    await contender.close();
  }
}

const disconnect = (): void => {
  if (process.connected) process.disconnect(); // lets the process exit once its pools are closed
};

main().then(disconnect, (error: unknown) => {
  console.error(error);
  process.exitCode = 1;
  disconnect();
});
