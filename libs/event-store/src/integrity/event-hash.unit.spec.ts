import { canonicalJson } from './canonical-json';
import { verifyStreamChain } from './chain-verifier';
import { chainLink, contentDigest, eventHash, GENESIS_HASH, type HashedEnvelope } from './event-hash';

const envelope = (revision: number, data: unknown = { amount: '25000.00' }): HashedEnvelope => ({
  stream: 'gift-1',
  revision,
  id: `00000000-0000-4000-8000-00000000000${revision}`,
  type: 'GiftReceived',
  data,
  metadata: { actor: 'alice', occurredAt: '2026-01-02T00:00:00.000Z' },
});

function sealed(events: readonly HashedEnvelope[]): (HashedEnvelope & { hash: string })[] {
  let previous: string | undefined;
  return events.map((event) => {
    previous = eventHash(previous, event);
    return { ...event, hash: previous };
  });
}

describe('canonical JSON', () => {
  it('sorts keys at every depth and writes what JSON.stringify would write', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined }], c: new Date(0) } })).toBe(
      '{"a":{"c":"1970-01-01T00:00:00.000Z","d":[3,{"z":1}]},"b":1}',
    );
    expect(canonicalJson([undefined, Number.NaN, 'é'])).toBe('[null,null,"é"]');
  });

  it('is the same for a value and its JSON round trip in any key order', () => {
    const value = { z: 1.5e-7, a: 'x', m: [1e21, -0, true] };
    const roundTripped = JSON.parse(JSON.stringify({ m: value.m, a: value.a, z: value.z })) as unknown;
    expect(canonicalJson(roundTripped)).toBe(canonicalJson(value));
  });
});

describe('event hash', () => {
  it('chains from the genesis hash through the revision and the content digest', () => {
    const first = envelope(0);
    expect(eventHash(undefined, first)).toBe(chainLink(GENESIS_HASH, 0, contentDigest(first)));
    expect(eventHash(undefined, first)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with every covered field and with the previous hash', () => {
    const base = eventHash(undefined, envelope(0));
    expect(eventHash(undefined, envelope(0, { amount: '25000.01' }))).not.toBe(base);
    expect(eventHash(undefined, { ...envelope(0), stream: 'gift-2' })).not.toBe(base);
    expect(eventHash(undefined, { ...envelope(0), type: 'GiftAcknowledged' })).not.toBe(base);
    expect(eventHash(undefined, { ...envelope(0), metadata: { actor: 'mallory' } })).not.toBe(base);
    expect(eventHash(undefined, { ...envelope(0), revision: 1 })).not.toBe(base);
    expect(eventHash('f'.repeat(64), envelope(0))).not.toBe(base);
  });

  it('counts a missing metadata as an empty one', () => {
    const { metadata: _metadata, ...bare } = envelope(0);
    expect(eventHash(undefined, bare)).toBe(eventHash(undefined, { ...bare, metadata: {} }));
  });
});

describe('verifying a stream chain', () => {
  const events = sealed([envelope(0), envelope(1), envelope(2)]);

  it('accepts an intact chain with its head', () => {
    expect(verifyStreamChain('gift-1', events, { revision: 2, hash: events[2]!.hash })).toBeUndefined();
  });

  it('names an edited event as altered', () => {
    const edited = events.map((e) => (e.revision === 1 ? { ...e, data: { amount: '1.00' } } : e));
    expect(verifyStreamChain('gift-1', edited)).toMatchObject({ reason: 'altered', revision: 1 });
  });

  it('names a deleted event in the middle as a gap', () => {
    expect(verifyStreamChain('gift-1', [events[0]!, events[2]!])).toMatchObject({
      reason: 'gap',
      revision: 2,
    });
  });

  it('names a deleted last event as a truncation against the stream head', () => {
    const head = { revision: 2, hash: events[2]!.hash };
    expect(verifyStreamChain('gift-1', events.slice(0, 2), head)).toMatchObject({
      reason: 'truncated',
      revision: 2,
    });
  });

  it('names an event without a hash as unsealed', () => {
    const wiped = events.map((e) => (e.revision === 0 ? { ...e, hash: null } : e));
    expect(verifyStreamChain('gift-1', wiped)).toMatchObject({ reason: 'unsealed', revision: 0 });
  });
});
