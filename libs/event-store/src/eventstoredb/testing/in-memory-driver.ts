import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import {
  ANY,
  BACKWARDS,
  END,
  EVENT_TYPE,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type AppendResult,
  type EventData,
  type Filter,
  type Position,
  type ReadPosition,
  type ReadRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { EventStoreDbDriver } from '../driver';

interface StoredRecord {
  readonly streamId: string;
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly revision: bigint;
  readonly created: Date;
  readonly position: Position;
}

const json = (value: unknown): unknown =>
  value === undefined ? undefined : JSON.parse(JSON.stringify(value));

const after = (a: Position, b: Position): boolean =>
  a.commit !== b.commit ? a.commit > b.commit : a.prepare > b.prepare;

const resolvedOf = (record: StoredRecord): ResolvedEvent =>
  ({ event: { ...record, isJson: true }, commitPosition: record.position.commit }) as ResolvedEvent;

function streamingRead(records: readonly StoredRecord[], failure?: Error) {
  const items = records.map(resolvedOf);
  const read = new Readable({
    objectMode: true,
    read() {
      if (failure) this.destroy(failure);
      else this.push(items.shift() ?? null);
    },
  });
  return Object.assign(read, { cancel: () => Promise.resolve() });
}

function passesServerFilter(record: StoredRecord, filter: Filter | undefined): boolean {
  if (!filter) return true;
  const field = filter.filterOn === EVENT_TYPE ? record.type : record.streamId;
  return 'regex' in filter
    ? new RegExp(filter.regex).test(field)
    : filter.prefixes.some((p) => field.startsWith(p));
}

/**
 * A single-node EventStoreDB as the adapter sees it through the driver, in memory: optimistic
 * concurrency, stream-not-found, `$all` with system records, shared commit positions for the events
 * of one append (reporting the first event's prepare position), server-side filters and checkpoints.
 * It stands in for a server in unit tests; it is not EventStoreDB, so the contract suite against a
 * real node (eventstoredb-event-store.int.spec.ts) remains the proof.
 */
export class InMemoryEventStoreDb {
  private readonly log: StoredRecord[] = [];
  private readonly streams = new Map<string, StoredRecord[]>();
  private readonly appended = new EventEmitter();
  private nextPosition = 1000n;
  private appends = 0;

  constructor() {
    this.appended.setMaxListeners(0);
    this.record('$settings', [
      { id: '00000000-0000-4000-8000-000000000000', type: '$settings', data: {}, metadata: undefined },
    ]);
  }

  get driver(): EventStoreDbDriver {
    return {
      appendToStream: (stream, events, options) =>
        this.append(stream, [events].flat(), options?.expectedRevision ?? ANY),
      readStream: (stream, options = {}) =>
        this.readStream(stream, options.direction, options.fromRevision, options.maxCount),
      readAll: (options = {}) => this.readAll(options.direction, options.fromPosition, options.maxCount),
      subscribeToAll: (options = {}, readable = {}) =>
        this.subscribe(options.fromPosition ?? START, options.filter, readable.highWaterMark),
      dispose: () => Promise.resolve(),
    };
  }

  private record(stream: string, events: readonly Pick<EventData, 'id' | 'type' | 'data' | 'metadata'>[]) {
    const existing = this.streams.get(stream) ?? [];
    const prepares = events.map(() => (this.nextPosition += 10n));
    const commit = prepares[prepares.length - 1] ?? this.nextPosition;
    const records = events.map((event, index): StoredRecord => ({
      streamId: stream,
      id: event.id,
      type: event.type,
      data: json(event.data),
      metadata: json(event.metadata),
      revision: BigInt(existing.length + index),
      created: new Date(),
      position: { commit, prepare: prepares[index] ?? commit },
    }));
    this.streams.set(stream, [...existing, ...records]);
    this.log.push(...records);
    for (const record of records) this.appended.emit('record', record);
    return records;
  }

  private async append(
    stream: string,
    events: EventData[],
    expected: AppendExpectedRevision,
  ): Promise<AppendResult> {
    await new Promise((resolve) => setImmediate(resolve)); // Lets concurrent writers interleave.
    const existing = this.streams.get(stream);
    const current = existing?.length ? BigInt(existing.length - 1) : NO_STREAM;
    const holds =
      expected === ANY ||
      (expected === NO_STREAM && current === NO_STREAM) ||
      (expected === STREAM_EXISTS && current !== NO_STREAM) ||
      (typeof expected === 'bigint' && current === expected);
    if (!holds) throw new WrongExpectedVersionError(undefined, { streamName: stream, expected, current });
    const records = this.record(stream, events);
    // Now and then the node writes its own records to $all, as a real one does.
    if ((this.appends += 1) % 3 === 0)
      this.record('$stats-127.0.0.1:2113', [
        { id: crypto.randomUUID(), type: '$statsCollected', data: {}, metadata: undefined },
      ]);
    const [first] = records;
    const last = records[records.length - 1];
    return {
      success: true,
      nextExpectedRevision: last?.revision ?? 0n,
      position: first && last ? { commit: last.position.commit, prepare: first.position.prepare } : undefined,
    };
  }

  private readStream(stream: string, direction?: string, from?: ReadRevision, maxCount?: number | bigint) {
    const records = this.streams.get(stream);
    if (!records) return streamingRead([], new StreamNotFoundError(undefined, stream));
    const backwards = direction === BACKWARDS;
    const start = from === undefined || from === START ? 0n : from === END ? BigInt(records.length) : from;
    const selected = backwards
      ? records.filter((r) => r.revision <= start).reverse()
      : records.filter((r) => r.revision >= start);
    return streamingRead(selected.slice(0, Number(maxCount ?? Number.MAX_SAFE_INTEGER)));
  }

  private readAll(direction?: string, from?: ReadPosition, maxCount?: number | bigint) {
    const count = Number(maxCount ?? Number.MAX_SAFE_INTEGER);
    if (direction === BACKWARDS) return streamingRead([...this.log].reverse().slice(0, count));
    const start = from === undefined || from === START ? undefined : from === END ? 'end' : from;
    const selected =
      start === 'end' ? [] : this.log.filter((r) => start === undefined || !after(start, r.position));
    return streamingRead(selected.slice(0, count));
  }

  private subscribe(from: ReadPosition, filter: Filter | undefined, highWaterMark = 16) {
    let scanned = 0;
    let closed = false;
    const subscription = Object.assign(new Readable({ objectMode: true, highWaterMark, read() {} }), {
      unsubscribe: () => {
        closed = true;
        this.appended.off('record', onRecord);
        return Promise.resolve();
      },
    });
    const onRecord = (record: StoredRecord): void => {
      scanned += 1;
      if (passesServerFilter(record, filter)) subscription.push(resolvedOf(record));
      // The server sends a checkpoint every `checkpointInterval` × window scanned records; here the window is 2.
      if (filter && scanned % (filter.checkpointInterval * 2) === 0)
        void filter.checkpointReached?.(subscription, record.position);
    };
    setImmediate(() => {
      if (closed) return;
      // Backlog and live in one synchronous step: nothing appended in between is missed.
      if (from !== END) this.log.filter((r) => from === START || after(r.position, from)).forEach(onRecord);
      this.appended.on('record', onRecord);
    });
    return subscription;
  }
}
