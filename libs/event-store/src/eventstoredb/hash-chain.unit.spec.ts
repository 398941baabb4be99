import type { ResolvedEvent } from '@eventstore/db-client';
import { eventHash, verifyStreamChain } from '../integrity';
import type { NewEvent, RecordedEvent } from '../port';
import { decodeEvent } from './event-codec';
import { sealEvents } from './hash-chain';

const newEvent = (id: string, data: unknown, metadata?: NewEvent['metadata']): NewEvent => ({
  id: `00000000-0000-4000-8000-${id.padStart(12, '0')}`,
  type: 'GiftReceived',
  data,
  metadata,
});

/** What a reader gets back after the server stored the sealed events at these revisions. */
function storedThenRead(stream: string, events: readonly NewEvent[], first: number, previous?: string) {
  return sealEvents(stream, events, first, previous).map((written, index) => {
    const resolved = {
      event: {
        streamId: stream,
        id: written.id,
        isJson: true,
        revision: BigInt(first + index),
        type: written.type,
        created: new Date(0),
        data: JSON.parse(JSON.stringify(written.data)) as unknown,
        metadata: JSON.parse(JSON.stringify(written.metadata)) as unknown,
        position: { commit: BigInt(first + index), prepare: BigInt(first + index) },
      },
    } as ResolvedEvent;
    return decodeEvent(resolved) as RecordedEvent;
  });
}

describe('the hash chain written to EventStoreDB', () => {
  const stream = 'gift-1';
  const first = [
    newEvent('1', { amount: '10.00' }, { correlationId: 'c-1', actor: 'staff-1' }),
    newEvent('2', {}),
  ];
  const second = [
    newEvent('3', { amount: '20.00' }, { causationId: 'k-1', occurredAt: '2026-03-02T15:04:05Z' }),
  ];

  it("links each event to the one before it, across appends, so the audit's verifier accepts the stream", () => {
    const read = storedThenRead(stream, first, 0, undefined);
    const more = storedThenRead(stream, second, 2, read.at(-1)?.hash);
    expect([...read, ...more].every((event) => /^[0-9a-f]{64}$/.test(event.hash ?? ''))).toBe(true);
    expect(verifyStreamChain(stream, [...read, ...more])).toBeUndefined();
  });

  it('computes the same link as the shared pure function, with missing data as the null it is stored as', () => {
    const [sealed] = storedThenRead(stream, [newEvent('9', undefined)], 0, undefined);
    expect(sealed?.hash).toBe(
      eventHash(undefined, { stream, revision: 0, id: sealed!.id, type: 'GiftReceived', data: null }),
    );
  });

  it('lets the verifier find an edited event and a chain continued from the wrong head', () => {
    const read = storedThenRead(stream, first, 0, undefined);
    const edited = [read[0]!, { ...read[1]!, data: { forged: true } }];
    expect(verifyStreamChain(stream, edited)).toMatchObject({ reason: 'altered', revision: 1 });
    const detached = storedThenRead(stream, second, 2, undefined);
    expect(verifyStreamChain(stream, [...read, ...detached])).toMatchObject({
      reason: 'altered',
      revision: 2,
    });
  });
});
