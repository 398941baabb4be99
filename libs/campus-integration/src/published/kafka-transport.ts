import { Kafka, logLevel, type LogEntry, type Producer, type RetryOptions } from 'kafkajs';
import type { OutboundMessage } from './to-cloud-event';

/** Where published messages go; the publisher moves its checkpoint only after `send` resolves. */
export interface OutboundTransport {
  /** Resolves once every message is acknowledged by all in-sync replicas. */
  send(topic: string, messages: readonly OutboundMessage[]): Promise<void>;
  close(): Promise<void>;
}

export interface KafkaTransportOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** kafkajs' own warnings and errors (connection retries); silent when absent. */
  readonly log?: (level: 'warn' | 'error', message: string) => void;
  /** kafkajs retries inside one send before it fails (defaults: 5, from 300 ms up to 10 s apart). */
  readonly retry?: RetryOptions;
}

const defaultRetry: RetryOptions = { initialRetryTime: 300, maxRetryTime: 10_000, retries: 5 };

/**
 * An idempotent producer (acks all, one request in flight, so retries neither duplicate nor reorder
 * within a session). After a failed send it is dropped: the next send starts a fresh producer session
 * and the publisher resends the whole batch from its checkpoint.
 */
export class KafkaTransport implements OutboundTransport {
  private readonly kafka: Kafka;
  private readonly retry: RetryOptions;
  private producer: Promise<Producer> | undefined;

  constructor(options: KafkaTransportOptions) {
    const { log } = options;
    this.retry = options.retry ?? defaultRetry;
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: [...options.brokers],
      connectionTimeout: 3_000,
      // Bounded, so a Kafka outage surfaces as a failed send (health, backoff) instead of a silent hang.
      retry: this.retry,
      logLevel: log ? logLevel.WARN : logLevel.NOTHING,
      logCreator:
        () =>
        ({ level, log: entry }: LogEntry) => {
          // Known and intended: a bounded session whose batch is resent whole from the checkpoint.
          if (entry.message.startsWith('Limiting retries for the idempotent producer')) return;
          log?.(level === logLevel.ERROR ? 'error' : 'warn', entry.message);
        },
    });
  }

  async send(topic: string, messages: readonly OutboundMessage[]): Promise<void> {
    try {
      const producer = await (this.producer ??= this.connect());
      await producer.send({
        topic,
        acks: -1,
        messages: messages.map(({ key, value, headers }) => ({ key, value, headers: { ...headers } })),
      });
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.then((connected) => connected.disconnect()).catch(() => undefined);
  }

  private async connect(): Promise<Producer> {
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      retry: this.retry,
    });
    await producer.connect();
    return producer;
  }
}
