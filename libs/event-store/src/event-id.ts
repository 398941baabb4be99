import { createHash } from 'node:crypto';

// Fixed namespace so the same inputs give the same id on every machine and every replay.
const CONTINUUM_NAMESPACE = Buffer.from('6f1f0f4e8b3a4c7e9d2a5b1c3e4f5a6b', 'hex');

/** A name-based (version 5) UUID: replaying the same cause yields the same event id. */
export function deterministicEventId(...parts: readonly string[]): string {
  const hash = createHash('sha1').update(CONTINUUM_NAMESPACE).update(parts.join('\u001f')).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export const streamCategory = (stream: string): string => {
  const dash = stream.indexOf('-');
  return dash === -1 ? stream : stream.slice(0, dash);
};
