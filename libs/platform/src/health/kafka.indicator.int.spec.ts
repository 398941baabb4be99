import { freePort } from '../testing/free-port';
import { HealthRegistry } from './health-registry';
import { KafkaHealthIndicator } from './kafka.indicator';

describe('Kafka health', () => {
  it('is not configured when no brokers are set', async () => {
    const kafka = new KafkaHealthIndicator({ brokers: undefined, clientId: 'continuum' });
    expect(await kafka.check()).toBe('not-configured');
  });

  it('reports Kafka up when the test broker answers', async () => {
    const brokers = process.env.KAFKA_BROKERS?.split(',');
    if (!brokers)
      throw new Error('KAFKA_BROKERS is not set: run tests through jest so the global setup runs');
    expect(await new KafkaHealthIndicator({ brokers, clientId: 'continuum' }).check()).toBe('up');
  });

  it('reports Kafka down, quickly, when no broker listens', async () => {
    const kafka = new KafkaHealthIndicator({
      brokers: [`127.0.0.1:${await freePort()}`],
      clientId: 'continuum',
      timeoutMs: 500,
    });
    const started = Date.now();
    const report = await new HealthRegistry([kafka]).readiness();
    expect(report.ready).toBe(false);
    expect(report.checks).toEqual({ kafka: 'down' });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('answers probes from its cache instead of asking the broker each time', async () => {
    const kafka = new KafkaHealthIndicator({
      brokers: [`127.0.0.1:${await freePort()}`],
      clientId: 'continuum',
      cacheMs: 60_000,
    });
    const first = kafka.check();
    expect(kafka.check()).toBe(first);
    await expect(first).rejects.toThrow();
  });
});
