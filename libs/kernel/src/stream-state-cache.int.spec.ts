import { deterministicEventId, PostgresEventStore } from '@continuum/event-store';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { handleCommand, type CommandContext } from './command-handler';
import type { Decider } from './decider';
import { DomainError } from './domain-error';
import { StreamStateCache } from './stream-state-cache';

// A tiny account: opened once, then deposits; a deposit of an amount already seen is a no-op.
type Command =
  | { type: 'Open'; data: { owner: string } }
  | { type: 'Deposit'; data: { amount: number } }
  | { type: 'Close'; data: Record<string, never> }
  | { type: 'Reopen'; data: Record<string, never> };
type Event =
  | { type: 'Opened'; data: { owner: string } }
  | { type: 'Deposited'; data: { amount: number } }
  | { type: 'Closed'; data: Record<string, never> }
  | { type: 'Reopened'; data: Record<string, never> };
interface Account {
  readonly status: 'none' | 'open' | 'closed';
  readonly amounts: readonly number[];
}

const account: Decider<Command, Event, Account> = {
  initialState: () => ({ status: 'none', amounts: [] }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'Opened':
        return { ...state, status: 'open' };
      case 'Deposited':
        return { ...state, amounts: [...state.amounts, event.data.amount] };
      case 'Closed':
        return { ...state, status: 'closed' };
      case 'Reopened':
        return { ...state, status: 'open' };
    }
  },
  decide: (command, state) => {
    switch (command.type) {
      case 'Open':
        if (state.status !== 'none') throw new DomainError('account.exists', 'Already opened');
        return [{ type: 'Opened', data: command.data }];
      case 'Deposit':
        if (state.status !== 'open') throw new DomainError('account.not-open', 'Not open');
        return state.amounts.includes(command.data.amount) ? [] : [{ type: 'Deposited', data: command.data }];
      case 'Close':
        return state.status === 'closed' ? [] : [{ type: 'Closed', data: {} }];
      case 'Reopen':
        return state.status === 'closed' ? [{ type: 'Reopened', data: {} }] : [];
    }
  },
};

let database: TestDatabase;
let store: PostgresEventStore;
const context: CommandContext = { metadata: { actor: 'test' } };

beforeAll(async () => {
  database = await createTestDatabase('stream_state_cache');
  store = await PostgresEventStore.connect({ connectionString: database.url });
});

afterAll(async () => {
  await store.close();
  await database.drop();
});

afterEach(() => jest.restoreAllMocks());

const newStream = (): string => `account-${randomUUID()}`;
const readsOf = () => jest.spyOn(store, 'readStream');
const typesIn = async (stream: string): Promise<string[]> =>
  (await store.readStream(stream)).map((event) => event.type);

describe('Commands decided on the state this process remembers', () => {
  it('skips the read when the stream is remembered, and appends at the remembered revision', async () => {
    const streams = new StreamStateCache();
    const stream = newStream();
    await handleCommand(store, account, stream, { type: 'Open', data: { owner: 'a' } }, context, streams);
    const reads = readsOf();

    const outcome = await handleCommand(
      store,
      account,
      stream,
      { type: 'Deposit', data: { amount: 5 } },
      context,
      streams,
    );

    expect(reads).not.toHaveBeenCalled();
    expect(outcome.revision).toBe(1);
    expect(outcome.state.amounts).toEqual([5]);
    expect(await typesIn(stream)).toEqual(['Opened', 'Deposited']);
  });

  it('reads afresh and decides again when another writer moved the stream on', async () => {
    const streams = new StreamStateCache();
    const stream = newStream();
    await handleCommand(store, account, stream, { type: 'Open', data: { owner: 'a' } }, context, streams);
    // Another process (no shared cache) deposits 7 behind this one's back.
    await handleCommand(store, account, stream, { type: 'Deposit', data: { amount: 7 } }, context);

    const outcome = await handleCommand(
      store,
      account,
      stream,
      { type: 'Deposit', data: { amount: 7 } },
      context,
      streams,
    );

    expect(outcome.events).toEqual([]); // the fresh state already has 7: a no-op, not a second deposit
    expect(await typesIn(stream)).toEqual(['Opened', 'Deposited']);
    const again = await handleCommand(
      store,
      account,
      stream,
      { type: 'Deposit', data: { amount: 8 } },
      context,
      streams,
    );
    expect(again.state.amounts).toEqual([7, 8]);
  });

  it('does not refuse on a remembered state alone: the refusal is confirmed by a fresh read', async () => {
    const streams = new StreamStateCache();
    const stream = newStream();
    streams.remember(stream, account, { revision: -1, state: account.initialState() }); // seen empty
    await handleCommand(store, account, stream, { type: 'Open', data: { owner: 'b' } }, context); // elsewhere
    const reads = readsOf();

    const outcome = await handleCommand(
      store,
      account,
      stream,
      { type: 'Deposit', data: { amount: 1 } },
      context,
      streams,
    );

    expect(reads).toHaveBeenCalledTimes(1);
    expect(outcome.state.amounts).toEqual([1]);
    expect(await typesIn(stream)).toEqual(['Opened', 'Deposited']);
  });

  it('does not skip on a remembered state alone: a no-op is confirmed by a fresh read', async () => {
    const streams = new StreamStateCache();
    const stream = newStream();
    await handleCommand(store, account, stream, { type: 'Open', data: { owner: 'a' } }, context, streams);
    await handleCommand(store, account, stream, { type: 'Close', data: {} }, context, streams);
    await handleCommand(store, account, stream, { type: 'Reopen', data: {} }, context); // elsewhere
    const reads = readsOf();

    const outcome = await handleCommand(
      store,
      account,
      stream,
      { type: 'Close', data: {} },
      context,
      streams,
    );

    expect(reads).toHaveBeenCalledTimes(1);
    expect(outcome.events.map((event) => event.type)).toEqual(['Closed']);
    expect(await typesIn(stream)).toEqual(['Opened', 'Closed', 'Reopened', 'Closed']);
  });

  it('tries a command that starts its stream without reading, and falls back to a read when the stream exists', async () => {
    const streams = new StreamStateCache();
    const fresh = newStream();
    const reads = readsOf();
    await handleCommand(
      store,
      account,
      fresh,
      { type: 'Open', data: { owner: 'a' } },
      { ...context, startsStream: true },
      streams,
    );
    expect(reads).not.toHaveBeenCalled();
    expect(await typesIn(fresh)).toEqual(['Opened']);

    const existing = newStream();
    await handleCommand(store, account, existing, { type: 'Open', data: { owner: 'a' } }, context);
    reads.mockClear();
    const refusal = await handleCommand(
      store,
      account,
      existing,
      { type: 'Open', data: { owner: 'b' } },
      { ...context, startsStream: true },
      new StreamStateCache(),
    ).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: 'account.exists' });
    expect(reads).toHaveBeenCalledTimes(1);
    expect(await typesIn(existing)).toEqual(['Opened']);
  });

  it('keeps a redelivered start idempotent: same event ids, nothing appended twice', async () => {
    const stream = newStream();
    const keyed: CommandContext = { ...context, idempotencyKey: 'message-1', startsStream: true };
    await handleCommand(
      store,
      account,
      stream,
      { type: 'Open', data: { owner: 'a' } },
      keyed,
      new StreamStateCache(),
    );
    await handleCommand(store, account, stream, { type: 'Deposit', data: { amount: 2 } }, context);

    const redelivered = await handleCommand(
      store,
      account,
      stream,
      { type: 'Open', data: { owner: 'a' } },
      keyed,
      new StreamStateCache(),
    );

    expect(redelivered.revision).toBe(0); // the original append, found by its ids
    expect(await typesIn(stream)).toEqual(['Opened', 'Deposited']);
  });

  it('answers a start whose ids are stored with other content as a fresh read would, not with the id clash', async () => {
    const stream = newStream();
    const key = 'message-2';
    await handleCommand(store, account, stream, { type: 'Open', data: { owner: 'a' } }, context);
    // The same message was applied earlier on a non-empty stream: its id now names another event.
    const clashingId = deterministicEventId(key, stream, '0');
    await store.append(stream, [{ id: clashingId, type: 'Deposited', data: { amount: 1 }, metadata: {} }], 0);

    const outcome = await handleCommand(
      store,
      account,
      stream,
      { type: 'Open', data: { owner: 'a' } },
      { ...context, idempotencyKey: key, startsStream: true },
      new StreamStateCache(),
    ).catch((error: unknown) => error);

    expect(outcome).toMatchObject({ code: 'account.exists' });
    expect(await typesIn(stream)).toEqual(['Opened', 'Deposited']);
  });

  it('forgets the least recently used stream beyond its capacity', () => {
    const streams = new StreamStateCache(2);
    const known = { revision: 0, state: account.initialState() };
    streams.remember('a', account, known);
    streams.remember('b', account, known);
    streams.recall('a', account);
    streams.remember('c', account, known);
    expect(streams.recall('a', account)).toBeDefined();
    expect(streams.recall('b', account)).toBeUndefined();
    expect(streams.recall('c', account)).toBeDefined();
    expect(streams.recall('c', {})).toBeUndefined(); // another decider's stream of the same name is not this one
  });
});
