export { canonicalJson } from './canonical-json';
export { chainLink, contentDigest, eventHash, GENESIS_HASH, type HashedEnvelope } from './event-hash';
export {
  ChainVerifier,
  verifyStreamChain,
  type ChainBreak,
  type ChainBreakReason,
  type StreamHead,
} from './chain-verifier';
