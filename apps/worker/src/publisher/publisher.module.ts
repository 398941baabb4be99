import {
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EventPublisher, KafkaTransport } from '@continuum/campus-integration';
import { EVENT_STORE, type EventStore } from '@continuum/event-store';
import { CONFIG, DATABASE_URL, HealthRegistry, type Config } from '@continuum/platform';
import { Pool } from 'pg';
import { Registry } from 'prom-client';
import { PublisherHealthIndicator } from './publisher-health';
import { registerPublisherMetrics } from './publisher-metrics';

@Injectable()
class PublisherLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Publisher');
  private publisher: EventPublisher | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(Pool) private readonly pool: Pool,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
    @Inject(Registry) private readonly metrics: Registry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const brokers = this.config.KAFKA_BROKERS;
    if (!brokers) {
      this.health.register(new PublisherHealthIndicator(undefined));
      return;
    }
    const transport = new KafkaTransport({
      brokers,
      clientId: `${this.config.KAFKA_CLIENT_ID}-publisher`,
      log: (level, message) => this.logger[level](`Kafka: ${message}`),
    });
    const onPublished = registerPublisherMetrics(this.metrics, () => publisher);
    const publisher = new EventPublisher(this.store, this.pool, this.databaseUrl, transport, {
      topic: this.config.PUBLISHED_EVENTS_TOPIC,
      source: this.config.PUBLISHED_EVENTS_SOURCE,
      onPublished,
      onError: (error) => this.logger.warn(`Publishing to Kafka failed, retrying: ${error.message}`),
    });
    this.publisher = publisher;
    this.health.register(new PublisherHealthIndicator(publisher));
    await publisher.start();
  }

  // Before PlatformLifecycle closes the connections the publisher uses.
  async onModuleDestroy(): Promise<void> {
    await this.publisher?.stop();
  }
}

/** Publishes engagement events to Kafka when KAFKA_BROKERS is set: one active publisher across workers. */
@Module({ providers: [PublisherLifecycle] })
export class PublisherModule {}
