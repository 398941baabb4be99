import { eventHash, GENESIS_HASH, type HashedEnvelope } from './event-hash';

/** Why a stream's chain does not hold, at the first event (or head) where it breaks. */
export type ChainBreakReason =
  /** The stored hash is not the hash of the stored content: the event was edited. */
  | 'altered'
  /** A revision is missing before this one: an event was deleted. */
  | 'gap'
  /** The event carries no hash at all (written before the chain existed, or wiped). */
  | 'unsealed'
  /** The stream head names a later revision or another hash than the last event: its tail was deleted. */
  | 'truncated'
  /** Events exist but the store has no head record for their stream. */
  | 'headless';

export interface ChainBreak {
  readonly stream: string;
  readonly reason: ChainBreakReason;
  /** The revision where the chain first breaks (for `truncated`, the head's revision). */
  readonly revision: number;
  readonly expected?: string;
  readonly actual?: string;
}

export interface StreamHead {
  readonly revision: number;
  /** The hash of the event at `revision`, as the store sealed it on its head record. */
  readonly hash?: string;
}

/**
 * Checks one stream's events in revision order, one at a time (so a long stream need not be in memory).
 * Stops at the first break; `finish` compares the last event with the stream head, when one is known.
 */
export class ChainVerifier {
  private previousHash: string = GENESIS_HASH;
  private nextRevision = 0;
  private broken: ChainBreak | undefined;

  constructor(readonly stream: string) {}

  get firstBreak(): ChainBreak | undefined {
    return this.broken;
  }

  get eventsChecked(): number {
    return this.nextRevision;
  }

  /** Returns false once the chain is broken. */
  next(event: HashedEnvelope & { readonly hash?: string | null }): boolean {
    if (this.broken) return false;
    if (event.revision !== this.nextRevision) return this.fail('gap', event.revision);
    if (!event.hash) return this.fail('unsealed', event.revision);
    const expected = eventHash(this.previousHash, event);
    if (expected !== event.hash) return this.fail('altered', event.revision, expected, event.hash);
    this.previousHash = event.hash;
    this.nextRevision += 1;
    return true;
  }

  finish(head?: StreamHead): ChainBreak | undefined {
    if (this.broken || !head) return this.broken;
    const lastRevision = this.nextRevision - 1;
    if (head.revision !== lastRevision || (head.hash !== undefined && head.hash !== this.previousHash))
      this.fail('truncated', head.revision, head.hash, lastRevision >= 0 ? this.previousHash : undefined);
    return this.broken;
  }

  private fail(reason: ChainBreakReason, revision: number, expected?: string, actual?: string): false {
    this.broken = { stream: this.stream, reason, revision, expected, actual };
    return false;
  }
}

/** Verifies a whole stream held in memory; undefined when every link holds. */
export function verifyStreamChain(
  stream: string,
  events: Iterable<HashedEnvelope & { readonly hash?: string | null }>,
  head?: StreamHead,
): ChainBreak | undefined {
  const verifier = new ChainVerifier(stream);
  for (const event of events) if (!verifier.next(event)) break;
  return verifier.finish(head);
}
