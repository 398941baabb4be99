/**
 * KurrentDB (EventStoreDB's new name) uses the same connection-string syntax under `kurrentdb://`;
 * this driver knows only `esdb://`, so the scheme is renamed and everything else (hosts, TLS,
 * credentials, node preference) is passed through as written.
 */
export function driverConnectionString(connectionString: string): string {
  const trimmed = connectionString.trim();
  const match = /^(esdb|kurrentdb|kurrent)(\+discover)?:\/\//i.exec(trimmed);
  if (!match)
    throw new RangeError('EventStoreDB connection string must start with esdb:// or esdb+discover://');
  return `esdb${match[2] ?? ''}://${trimmed.slice(match[0].length)}`;
}

/** The connection string without its password, for logs and errors. */
export function redactConnectionString(connectionString: string): string {
  return connectionString.replace(/(:\/\/[^:@/]+:)[^@/]*@/, '$1***@');
}
