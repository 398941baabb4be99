import { Counter, Gauge, type Registry } from 'prom-client';

export interface LagReading {
  readonly topic: string;
  readonly partition: number;
  readonly lag: number;
}

/** Prometheus figures of campus ingestion: outcomes, dead letters, and the consumer group's lag. */
export class CampusMetrics {
  private readonly events: Counter<'topic' | 'outcome'>;
  private readonly deadLetters: Counter<'topic' | 'reason'>;
  private lagSource: (() => Promise<readonly LagReading[]>) | undefined;

  constructor(registry: Registry) {
    this.events = new Counter({
      name: 'continuum_campus_events_total',
      help: 'Campus events handled, by origin topic (or http) and outcome (applied, duplicate, dead-lettered)',
      labelNames: ['topic', 'outcome'],
      registers: [registry],
    });
    this.deadLetters = new Counter({
      name: 'continuum_campus_dead_letters_total',
      help: 'Campus messages sent to a dead-letter topic, by origin topic and reason',
      labelNames: ['topic', 'reason'],
      registers: [registry],
    });
    const readLag = (): Promise<readonly LagReading[]> | undefined => this.lagSource?.();
    new Gauge({
      name: 'continuum_campus_consumer_lag',
      help: 'Messages on a campus topic partition that the consumer group has not committed yet',
      labelNames: ['topic', 'partition'],
      registers: [registry],
      async collect() {
        const reading = readLag();
        if (!reading) return;
        this.reset();
        for (const { topic, partition, lag } of await reading)
          this.set({ topic, partition: String(partition) }, lag);
      },
    });
  }

  handled(topic: string, outcome: 'applied' | 'duplicate' | 'dead-lettered'): void {
    this.events.inc({ topic, outcome });
  }

  deadLettered(topic: string, reason: string): void {
    this.deadLetters.inc({ topic, reason });
    this.handled(topic, 'dead-lettered');
  }

  /** The running consumer tells how to read its lag; read on each scrape. */
  readLagWith(source: (() => Promise<readonly LagReading[]>) | undefined): void {
    this.lagSource = source;
  }
}
