import type { ResolvedEvent } from '@eventstore/db-client';
import type { NewEvent } from '../port';
import {
  CHAIN_HASH_KEY,
  decodeEvent,
  decodeMetadata,
  encodeEvent,
  encodeMetadata,
  sameContent,
} from './event-codec';

const metadata = {
  correlationId: 'corr-1',
  causationId: 'cause-1',
  actor: 'staff-42',
  sourceSystem: 'crm',
  occurredAt: '2026-03-02T15:04:05.000Z',
  tenant: 'north',
};

const newEvent: NewEvent = {
  id: '3f0c2a4e-8d8e-4f5b-9c51-0c6f6f0b9a11',
  type: 'GiftReceived',
  data: { amount: '25000.00', nested: { a: [1, 2] } },
  metadata,
};

/** What the driver hands back for an event it read, built from what `encodeEvent` wrote. */
function storedAs(event: NewEvent, overrides: Record<string, unknown> = {}): ResolvedEvent {
  const written = encodeEvent(event);
  return {
    event: {
      streamId: 'gift-7',
      id: written.id,
      isJson: true,
      revision: 3n,
      type: written.type,
      created: new Date('2026-03-02T15:04:06.123Z'),
      data: JSON.parse(JSON.stringify(written.data)) as never,
      metadata: JSON.parse(JSON.stringify(written.metadata)) as never,
      position: { commit: 9_000_000_000_123n, prepare: 9_000_000_000_100n },
      ...overrides,
    },
  };
}

describe('EventStoreDB event codec', () => {
  it('writes JSON with the caller id and type, mirroring correlation and causation ids for the server', () => {
    expect(encodeEvent(newEvent)).toEqual({
      id: newEvent.id,
      contentType: 'application/json',
      type: 'GiftReceived',
      data: newEvent.data,
      metadata: { ...metadata, $correlationId: 'corr-1', $causationId: 'cause-1' },
    });
  });

  it('writes null for missing data and empty metadata for none', () => {
    const encoded = encodeEvent({ id: newEvent.id, type: 'Pinged', data: undefined });
    expect([encoded.data, encoded.metadata]).toEqual([null, {}]);
  });

  it('reads back the envelope: metadata as sent, recordedAt from created, revision and both positions', () => {
    expect(decodeEvent(storedAs(newEvent))).toEqual({
      id: newEvent.id,
      type: 'GiftReceived',
      data: newEvent.data,
      metadata,
      stream: 'gift-7',
      revision: 3,
      position: { commit: 9_000_000_000_123n, prepare: 9_000_000_000_100n },
      recordedAt: new Date('2026-03-02T15:04:06.123Z'),
    });
  });

  it("takes correlation and causation ids from the server's keys for events other tools wrote", () => {
    expect(decodeMetadata({ $correlationId: 'c', $causationId: 'k', actor: 'etl' })).toEqual({
      metadata: { correlationId: 'c', causationId: 'k', actor: 'etl' },
      hash: undefined,
    });
    const none = { metadata: {}, hash: undefined };
    expect(decodeMetadata(undefined)).toEqual(none);
    expect(decodeMetadata(new Uint8Array([1, 2]))).toEqual(none);
    expect(decodeMetadata(['not', 'an', 'object'])).toEqual(none);
  });

  it('keeps the metadata round trip lossless, the chain hash kept apart', () => {
    const stored = JSON.parse(JSON.stringify(encodeMetadata(metadata, 'ab'.repeat(32)))) as unknown;
    expect(stored).toMatchObject({ [CHAIN_HASH_KEY]: 'ab'.repeat(32) });
    expect(decodeMetadata(stored)).toEqual({ metadata, hash: 'ab'.repeat(32) });
  });

  it('surfaces the chain hash on the recorded event, and none for events written without one', () => {
    expect(decodeEvent(storedAs(newEvent))).not.toHaveProperty('hash');
    const sealed = encodeEvent(newEvent, 'cd'.repeat(32));
    expect(decodeEvent(storedAs(newEvent, { metadata: sealed.metadata }))?.hash).toBe('cd'.repeat(32));
  });

  it('parses binary data that holds JSON, and hands other bytes over as they are', () => {
    const json = storedAs(newEvent, { isJson: false, data: Buffer.from('{"x":1}') });
    expect(decodeEvent(json)?.data).toEqual({ x: 1 });
    const bytes = new Uint8Array([0xff, 0x00]);
    expect(decodeEvent(storedAs(newEvent, { isJson: false, data: bytes }))?.data).toBe(bytes);
  });

  it('falls back to the commit position for stream reads of servers older than 22.6', () => {
    const old = { ...storedAs(newEvent, { position: undefined }), commitPosition: 77n };
    expect(decodeEvent(old)?.position).toEqual({ commit: 77n, prepare: 77n });
    expect(() => decodeEvent(storedAs(newEvent, { position: undefined }))).toThrow(/without a log position/);
  });

  it('skips an unresolved link, which has no event record', () => {
    expect(decodeEvent({})).toBeUndefined();
  });

  it('tells a retry of the same event from a different event under the same id', () => {
    const stored = decodeEvent(storedAs(newEvent))!;
    expect(sameContent(newEvent, stored)).toBe(true);
    expect(sameContent({ ...newEvent, data: { amount: '1.00' } }, stored)).toBe(false);
    expect(sameContent({ ...newEvent, type: 'GiftRefunded' }, stored)).toBe(false);
  });
});
