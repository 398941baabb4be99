import {
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  CampusConsumer,
  CampusInbox,
  CampusIngestion,
  CampusIntegrationModule,
  CampusMetrics,
  CampusRecordHandler,
  DeadLetterStore,
} from '@continuum/campus-integration';
import { CONFIG, type Config } from '@continuum/platform';
import { Partitioners, type Producer } from 'kafkajs';
import { campusKafka } from './campus-kafka';

/** Starts the campus consumer when KAFKA_BROKERS is configured; stops it before connections close. */
@Injectable()
class CampusConsumerLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('CampusConsumer');
  private consumer: CampusConsumer | undefined;
  private producer: Producer | undefined;
  private starting: Promise<void> | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(CampusIngestion) private readonly ingestion: CampusIngestion,
    @Inject(CampusInbox) private readonly inbox: CampusInbox,
    @Inject(DeadLetterStore) private readonly deadLetters: DeadLetterStore,
    @Inject(CampusMetrics) private readonly metrics: CampusMetrics,
  ) {}

  onApplicationBootstrap(): void {
    const { config } = this;
    if (!config.KAFKA_BROKERS?.length) {
      this.logger.log('KAFKA_BROKERS is not set: the campus consumer stays off');
      return;
    }
    const kafka = campusKafka(config);
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.producer = producer;
    const handler = new CampusRecordHandler(
      this.ingestion,
      this.inbox,
      this.deadLetters,
      producer,
      this.metrics,
      {
        sources: config.CAMPUS_SOURCES,
        dlqSuffix: config.CAMPUS_DLQ_SUFFIX,
      },
    );
    const consumer = new CampusConsumer(kafka, handler, this.metrics, {
      topics: config.CAMPUS_TOPICS,
      groupId: config.CAMPUS_CONSUMER_GROUP,
      dlqSuffix: config.CAMPUS_DLQ_SUFFIX,
      // kafkajs fetches again only when every batch of the last fetch is done: one slow partition holds
      // up the rest unless all are worked on at once (500 events/s: to the store p50 1.6 s at 8, 0.3-0.4 s at 36).
      partitionsConcurrently:
        config.CAMPUS_PARTITIONS_CONCURRENTLY ?? config.CAMPUS_TOPICS.length * config.CAMPUS_TOPIC_PARTITIONS,
      topicPartitions: config.CAMPUS_TOPIC_PARTITIONS,
      lanes: config.CAMPUS_CONSUMER_LANES,
      onError: (error) => this.logger.error(`Campus consumer failed, kafkajs restarts it: ${error.message}`),
    });
    this.consumer = consumer;
    // In the background: a broker that is down must not keep the API from serving (readiness says so).
    this.starting = producer
      .connect()
      .then(() => consumer.start())
      .then(() =>
        this.logger.log(`Consuming ${config.CAMPUS_TOPICS.join(', ')} as ${config.CAMPUS_CONSUMER_GROUP}`),
      )
      .catch((error: unknown) =>
        this.logger.error(
          `Campus consumer did not start: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
  }

  // Before PlatformLifecycle closes the pools the consumer writes through.
  async onModuleDestroy(): Promise<void> {
    await this.starting;
    await this.consumer?.stop().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
  }
}

/** The worker's side of the campus contract: the Kafka consumer over the campus topics. */
@Module({ imports: [CampusIntegrationModule], providers: [CampusConsumerLifecycle] })
export class CampusConsumerModule {}
