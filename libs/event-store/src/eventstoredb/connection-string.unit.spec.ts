import { driverConnectionString, redactConnectionString } from './connection-string';

describe('EventStoreDB connection strings', () => {
  it('passes esdb strings through, with TLS, credentials and node preference as written', () => {
    const cluster =
      'esdb+discover://admin:secret@eventstore.internal:2113?tls=true&nodePreference=leader&tlsCAFile=/ca.crt';
    expect(driverConnectionString(cluster)).toBe(cluster);
    expect(driverConnectionString(' esdb://eventstoredb:2113?tls=false ')).toBe(
      'esdb://eventstoredb:2113?tls=false',
    );
  });

  it('renames the KurrentDB scheme, which the driver does not know, keeping the rest', () => {
    expect(driverConnectionString('kurrentdb+discover://a:b@node1:2113,node2:2113')).toBe(
      'esdb+discover://a:b@node1:2113,node2:2113',
    );
  });

  it('refuses anything else', () => {
    expect(() => driverConnectionString('postgres://localhost/db')).toThrow(RangeError);
  });

  it('hides the password in logs', () => {
    expect(redactConnectionString('esdb://admin:changeit@node:2113?tls=true')).toBe(
      'esdb://admin:***@node:2113?tls=true',
    );
    expect(redactConnectionString('esdb://node:2113')).toBe('esdb://node:2113');
  });
});
