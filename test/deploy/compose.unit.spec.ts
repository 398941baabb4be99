import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { configSchema } from '../../libs/platform/src/config/config.schema';

// No Docker engine runs here, so the compose file is checked as data: names, hosts and ports must line up.
type Environment = Record<string, string>;

interface Service {
  readonly image?: string;
  readonly build?: unknown;
  readonly depends_on?: string[] | Record<string, unknown>;
  readonly environment?: string[] | Record<string, string | number | boolean | null>;
  readonly expose?: (string | number)[];
  readonly ports?: (string | number)[];
  readonly healthcheck?: { readonly test?: string | string[] };
}

const composeFile = join(__dirname, '..', '..', 'deploy', 'docker-compose.yml');
// merge: compose honours YAML merge keys (<<), which the app services use to share their settings.
const compose = parse(readFileSync(composeFile, 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const services = compose.services;
const apps = ['api', 'worker'] as const;
const appVariables = [
  'DATABASE_URL',
  'KAFKA_BROKERS',
  'EVENT_STORE',
  'EVENTSTORE_CONNECTION_STRING',
  'PORT',
  'AUTH_JWT_SECRET',
  'APP_ROLE',
];

// What `docker compose` would substitute: the default of ${X:-default}, a stand-in for a required ${X:?why}.
function interpolate(value: string): string {
  return value.replace(/\$\{(\w+)(?::?([-?])([^}]*))?\}/g, (_, name: string, kind?: string, rest?: string) =>
    kind === '-' ? (rest ?? '') : `${name.toLowerCase()}-stand-in-of-at-least-32-characters`,
  );
}

function environmentOf(name: string): Environment {
  const raw = services[name]?.environment ?? {};
  const entries = Array.isArray(raw)
    ? raw.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const)
    : Object.entries(raw).map(([key, value]) => [key, String(value ?? '')] as const);
  return Object.fromEntries(entries.map(([key, value]) => [key, interpolate(value)]));
}

function dependenciesOf(service: Service): string[] {
  const dependsOn = service.depends_on ?? [];
  return Array.isArray(dependsOn) ? dependsOn : Object.keys(dependsOn);
}

/** Container-side ports a service listens on: `expose` and the right-hand side of `ports`. */
function portsOf(name: string): number[] {
  const service = services[name];
  const exposed = (service?.expose ?? []).map(Number);
  const published = (service?.ports ?? []).map((mapping) => Number(String(mapping).split(':').at(-1)));
  return [...exposed, ...published];
}

function hostAndPort(address: string): { host: string; port: number } {
  const [host = '', port = ''] = address.split(':');
  return { host, port: Number(port) };
}

describe('deploy/docker-compose.yml', () => {
  it('gives every service an image or a build', () => {
    for (const [name, service] of Object.entries(services))
      expect({ name, runnable: Boolean(service.image ?? service.build) }).toEqual({ name, runnable: true });
  });

  it('makes services depend only on services it defines', () => {
    for (const [name, service] of Object.entries(services))
      for (const dependency of dependenciesOf(service))
        expect({ name, dependency, defined: dependency in services }).toEqual({
          name,
          dependency,
          defined: true,
        });
  });

  it('starts the apps only once PostgreSQL, Kafka and EventStoreDB are healthy', () => {
    for (const app of apps) {
      const dependsOn = services[app]?.depends_on as Record<string, { condition?: string }>;
      for (const dependency of ['postgres', 'kafka', 'eventstoredb']) {
        expect(dependsOn[dependency]?.condition).toBe('service_healthy');
        expect(services[dependency]?.healthcheck?.test).toBeDefined();
      }
    }
  });

  it.each(apps)('gives the %s every variable it needs, with its own role', (app) => {
    const environment = environmentOf(app);
    expect(Object.keys(environment)).toEqual(expect.arrayContaining(appVariables));
    expect(environment.APP_ROLE).toBe(app);
    expect(environment.EVENT_STORE).toBe('eventstoredb');
  });

  it.each(apps)("passes the %s's environment through the app's own config schema", (app) => {
    const parsed = configSchema.safeParse(environmentOf(app));
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it.each(apps)('points the %s at hosts and ports that compose services listen on', (app) => {
    const environment = environmentOf(app);
    const database = new URL(environment.DATABASE_URL!);
    const eventStore = new URL(environment.EVENTSTORE_CONNECTION_STRING!);
    const targets = [
      { host: database.hostname, port: Number(database.port || 5432) },
      ...environment.KAFKA_BROKERS!.split(',').map((broker) => hostAndPort(broker.trim())),
      { host: eventStore.hostname, port: Number(eventStore.port || 2113) },
    ];
    for (const target of targets) {
      expect(Object.keys(services)).toContain(target.host);
      expect({ ...target, listening: portsOf(target.host) }).toEqual({
        ...target,
        listening: expect.arrayContaining([target.port]) as unknown,
      });
    }
  });

  it.each(apps)('health-checks the %s on GET /health/ready at its own PORT', (app) => {
    const port = environmentOf(app).PORT;
    const check = [services[app]?.healthcheck?.test ?? []].flat().join(' ');
    expect(check).toContain(`:${port}/health/ready`);
  });

  it('publishes the api on the port it listens on', () => {
    expect(portsOf('api')).toContain(Number(environmentOf('api').PORT));
  });
});
