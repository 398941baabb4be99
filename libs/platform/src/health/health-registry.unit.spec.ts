import { HealthRegistry, type HealthIndicator, type HealthState } from './health-registry';

const indicator = (name: string, check: () => Promise<HealthState>): HealthIndicator => ({ name, check });
const answering = (name: string, state: HealthState) => indicator(name, () => Promise.resolve(state));

describe('HealthRegistry', () => {
  it('is ready when every check is up or not configured, reporting each in registration order', async () => {
    const registry = new HealthRegistry([answering('database', 'up'), answering('kafka', 'not-configured')]);
    registry.register(answering('projections', 'up'));
    const report = await registry.readiness();
    expect(report).toEqual({
      ready: true,
      checks: { database: 'up', kafka: 'not-configured', projections: 'up' },
      failures: {},
      details: {},
    });
    expect(Object.keys(report.checks)).toEqual(['database', 'kafka', 'projections']);
  });

  it('is not ready when a check fails, and says which one and why', async () => {
    const registry = new HealthRegistry([
      indicator('database', () => Promise.reject(new Error('connect ECONNREFUSED'))),
      answering('kafka', 'up'),
    ]);
    expect(await registry.readiness()).toEqual({
      ready: false,
      checks: { database: 'down', kafka: 'up' },
      failures: { database: 'connect ECONNREFUSED' },
      details: {},
    });
  });

  it('stays ready when a check is degraded, and shows the figures indicators give', async () => {
    const registry = new HealthRegistry([
      answering('database', 'up'),
      {
        name: 'projections',
        check: () => Promise.resolve('degraded'),
        details: () => Promise.resolve({ lag: 3 }),
      },
    ]);
    expect(await registry.readiness()).toMatchObject({
      ready: true,
      checks: { database: 'up', projections: 'degraded' },
      details: { projections: { lag: 3 } },
    });
  });

  it('counts a check that does not answer in time as down', async () => {
    const registry = new HealthRegistry(
      [indicator('kafka', () => new Promise<HealthState>(() => undefined)), answering('database', 'up')],
      50,
    );
    expect(await registry.readiness()).toMatchObject({
      ready: false,
      checks: { kafka: 'down', database: 'up' },
      failures: { kafka: 'no answer within 50 ms' },
    });
  });

  it('refuses two checks with the same name', () => {
    const registry = new HealthRegistry([answering('database', 'up')]);
    expect(() => registry.register(answering('database', 'up'))).toThrow(/already registered/);
  });
});
