/**
 * Deterministic JSON: the value `JSON.stringify` would write (toJSON honoured, undefined members and
 * functions dropped, non-finite numbers as null), with object keys sorted by UTF-16 code units.
 * A value survives a round trip through PostgreSQL jsonb or EventStoreDB and canonicalises the same.
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

function write(value: unknown): string | undefined {
  const json = (value as { toJSON?: () => unknown } | null)?.toJSON;
  if (typeof json === 'function') return write(json.call(value));
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') throw new TypeError('A BigInt has no JSON form: store it as a string');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => write(item) ?? 'null').join(',')}]`;
  const members: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const member = write((value as Record<string, unknown>)[key]);
    if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
  }
  return `{${members.join(',')}}`;
}
