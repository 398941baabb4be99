/** A cursor the caller did not get from us, or got for another ordering. */
export class InvalidCursorError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'InvalidCursorError';
  }
}

type CursorKey = readonly (string | number | null)[];

/** Opaque to clients: base64url of the ordering's name and the last item's sort key (ending in its id). */
export function encodeCursor(order: string, key: CursorKey): string {
  return Buffer.from(JSON.stringify({ o: order, k: key }), 'utf8').toString('base64url');
}

export function decodeCursor(
  order: string,
  cursor: string,
  shape: readonly ('string' | 'number' | 'nullable-string')[],
): CursorKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('cursor is not one this list returned');
  }
  const { o, k } = (parsed ?? {}) as { o?: unknown; k?: unknown };
  if (o !== order) throw new InvalidCursorError(`cursor belongs to another ordering than ${order}`);
  const fits =
    Array.isArray(k) &&
    k.length === shape.length &&
    shape.every((kind, index) => {
      const value: unknown = k[index];
      if (kind === 'nullable-string') return value === null || typeof value === 'string';
      return typeof value === kind;
    });
  if (!fits) throw new InvalidCursorError('cursor is not one this list returned');
  return k as CursorKey;
}
