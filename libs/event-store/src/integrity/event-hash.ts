import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * The per-stream hash chain (tamper evidence). For the event at `revision` of `stream`:
 *
 *   contentDigest = sha256hex(canonicalJson({ stream, id, type, data, metadata }))
 *   hash          = sha256hex(previousHash + "\n" + revision + "\n" + contentDigest)
 *
 * `previousHash` is the hash of the stream's event at `revision - 1`, or GENESIS_HASH for revision 0.
 * The revision sits outside the digest so a store that learns it only while appending (an `any`
 * expectation) can finish the chain itself: PostgreSQL computes the outer hash in SQL with the same
 * formula (`sha256(convert_to(prev || E'\n' || revision || E'\n' || digest, 'UTF8'))`).
 * The global position and `recordedAt` are not covered: stores assign them only at commit.
 * Metadata is hashed as appended; a missing one counts as `{}`.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** The parts of an event the chain covers. */
export interface HashedEnvelope {
  readonly stream: string;
  readonly revision: number;
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: unknown;
}

const sha256hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Hash of everything but the revision and the chain; computable before the revision is known. */
export function contentDigest(event: Omit<HashedEnvelope, 'revision'>): string {
  return sha256hex(
    canonicalJson({
      stream: event.stream,
      id: event.id,
      type: event.type,
      data: event.data,
      metadata: event.metadata ?? {},
    }),
  );
}

/** One link of the chain from the previous hash, the revision and the content digest. */
export function chainLink(previousHash: string, revision: number, digest: string): string {
  return sha256hex(`${previousHash}\n${revision}\n${digest}`);
}

/** The chained hash of an event; `previousHash` undefined means the first event of its stream. */
export function eventHash(previousHash: string | undefined, event: HashedEnvelope): string {
  return chainLink(previousHash ?? GENESIS_HASH, event.revision, contentDigest(event));
}
