import { Kafka, logLevel } from 'kafkajs';
import type { HealthIndicator, HealthState } from './health-registry';

export interface KafkaHealthOptions {
  readonly brokers: readonly string[] | undefined;
  readonly clientId: string;
  readonly timeoutMs?: number;
  /** Probes hit the endpoint every few seconds; the broker is asked at most this often. */
  readonly cacheMs?: number;
}

/** Up when the cluster answers `describeCluster`; `not-configured` when KAFKA_BROKERS is unset. */
export class KafkaHealthIndicator implements HealthIndicator {
  readonly name = 'kafka';
  private readonly kafka: Kafka | undefined;
  private cached: { at: number; outcome: Promise<HealthState> } | undefined;

  constructor(private readonly options: KafkaHealthOptions) {
    const timeoutMs = options.timeoutMs ?? 2_000;
    this.kafka = options.brokers?.length
      ? new Kafka({
          clientId: `${options.clientId}-health`,
          brokers: [...options.brokers],
          connectionTimeout: timeoutMs,
          requestTimeout: timeoutMs,
          retry: { retries: 0 },
          logLevel: logLevel.NOTHING,
        })
      : undefined;
  }

  check(): Promise<HealthState> {
    if (!this.kafka) return Promise.resolve('not-configured');
    const now = Date.now();
    if (!this.cached || now - this.cached.at > (this.options.cacheMs ?? 5_000))
      this.cached = { at: now, outcome: this.describeCluster(this.kafka) };
    return this.cached.outcome;
  }

  private async describeCluster(kafka: Kafka): Promise<HealthState> {
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      return 'up';
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
