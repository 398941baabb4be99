import type { GlobalPosition } from './port';

export const positionOf = (value: bigint): GlobalPosition => ({ commit: value, prepare: value });

export function comparePositions(a: GlobalPosition, b: GlobalPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export const isAfter = (a: GlobalPosition, b: GlobalPosition | undefined): boolean =>
  b === undefined || comparePositions(a, b) > 0;

/** `"<commit>"` when both parts agree, else `"<commit>/<prepare>"`: safe in JSON, URLs and headers. */
export function formatPosition(position: GlobalPosition): string {
  return position.commit === position.prepare
    ? position.commit.toString()
    : `${position.commit.toString()}/${position.prepare.toString()}`;
}

export function parsePosition(text: string): GlobalPosition {
  const match = /^(\d+)(?:\/(\d+))?$/.exec(text.trim());
  if (!match?.[1]) throw new RangeError(`Not a global position: "${text}"`);
  const commit = BigInt(match[1]);
  return { commit, prepare: match[2] === undefined ? commit : BigInt(match[2]) };
}
