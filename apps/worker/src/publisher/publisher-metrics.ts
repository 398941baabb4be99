import type { EventPublisher, OutboundMessage, PublisherStatus } from '@continuum/campus-integration';
import { Counter, Gauge, type Registry } from 'prom-client';

/** Published count as Kafka acknowledges; lag, failure and ownership computed when Prometheus scrapes. */
export function registerPublisherMetrics(
  registry: Registry,
  publisher: () => EventPublisher,
): (messages: readonly OutboundMessage[]) => void {
  const published = new Counter({
    name: 'continuum_published_events_total',
    help: 'Events Kafka acknowledged on the published topic (a resend after a crash counts again)',
    labelNames: ['type'],
    registers: [registry],
  });
  // prom-client collects gauges concurrently: they share one status reading per scrape.
  let reading: Promise<PublisherStatus> | undefined;
  const status = (): Promise<PublisherStatus> => {
    reading ??= publisher()
      .status()
      .finally(() => setTimeout(() => (reading = undefined), 100));
    return reading;
  };
  const gauge = (name: string, help: string, value: (entry: PublisherStatus) => number): void => {
    new Gauge({
      name,
      help,
      labelNames: ['publisher'],
      registers: [registry],
      async collect() {
        const entry = await status();
        this.set({ publisher: entry.name }, value(entry));
      },
    });
  };
  gauge(
    'continuum_publisher_lag_positions',
    'Global positions between the feed head and the published checkpoint',
    (entry) => Number(entry.positionsBehind),
  );
  gauge(
    'continuum_publisher_failing',
    '1 while publishing fails (Kafka down, an unpublishable event) and is being retried',
    (entry) => (entry.failing ? 1 : 0),
  );
  gauge('continuum_publisher_owner', '1 in the one worker process that publishes', (entry) =>
    entry.owner ? 1 : 0,
  );
  return (messages) => messages.forEach((message) => published.inc({ type: message.type }));
}
