import type { EventData } from '@eventstore/db-client';
import { EventIdReusedError } from '../errors';
import {
  CLAIM_EVENT_TYPE,
  claimEvent,
  claimEventIds,
  claimStreamOf,
  claimedStream,
  isClaimStream,
  type ClaimDriver,
} from './event-id-claims';

const A = '0b7c9c1e-3d2f-4a8b-9c6d-1e2f3a4b5c6d';
const B = '1c8d0d2f-4e3a-4b9c-8d7e-2f3a4b5c6d7e';

/** Claim streams as a map: the first claim of a stream wins, as with expected revision NO_STREAM. */
function claimsIn(existing: Record<string, string> = {}): ClaimDriver & { written: EventData[] } {
  const owners = new Map(Object.entries(existing).map(([id, stream]) => [claimStreamOf(id), stream]));
  const written: EventData[] = [];
  return {
    written,
    appendClaim: (claimStream, claim) => {
      if (owners.has(claimStream)) return Promise.resolve(false);
      owners.set(claimStream, claimedStream(claim.data) ?? '');
      written.push(claim);
      return Promise.resolve(true);
    },
    readClaim: (claimStream) => Promise.resolve(owners.get(claimStream)),
  };
}

describe('the event id index', () => {
  it('names one claim stream per id, kept apart from Continuum streams', () => {
    expect(claimStreamOf(A)).toBe(`continuum_ids-${A}`);
    expect(isClaimStream(claimStreamOf(A))).toBe(true);
    expect(isClaimStream('gift-1')).toBe(false);
  });

  it('writes a claim naming the stream, with an id that is the same on every retry', () => {
    const claim = claimEvent(A, 'gift-1');
    expect(claim).toMatchObject({
      type: CLAIM_EVENT_TYPE,
      contentType: 'application/json',
      data: { stream: 'gift-1' },
    });
    expect(claimEvent(A, 'gift-1').id).toBe(claim.id);
    expect(claimEvent(A, 'gift-2').id).not.toBe(claim.id);
    expect(claimedStream(claim.data)).toBe('gift-1');
    expect(claimedStream({})).toBeUndefined();
    expect(claimedStream(null)).toBeUndefined();
  });

  it('claims new ids for the stream', async () => {
    const claims = claimsIn();
    await claimEventIds(claims, 'gift-1', [A, B]);
    expect(claims.written.map((claim) => claimedStream(claim.data))).toEqual(['gift-1', 'gift-1']);
  });

  it('lets ids already claimed for the same stream through (a retry decides in the stream itself)', async () => {
    await expect(claimEventIds(claimsIn({ [A]: 'gift-1' }), 'gift-1', [A, B])).resolves.toBeUndefined();
  });

  it('refuses an id claimed for another stream, naming it', async () => {
    const claiming = claimEventIds(claimsIn({ [B]: 'gift-9' }), 'gift-1', [A, B]);
    await expect(claiming).rejects.toBeInstanceOf(EventIdReusedError);
    await expect(claiming).rejects.toMatchObject({ eventId: B });
  });
});
