import { formatPosition, type EventStore, type GlobalPosition } from '@continuum/event-store';
import type { HealthIndicator, HealthState } from './health-registry';

export interface EventStoreHealthOptions {
  readonly store: Pick<EventStore, 'headPosition'>;
  /** The configured adapter, shown in the readiness details. */
  readonly adapter: string;
  /** Probes hit the endpoint every few seconds; the store is asked at most this often. */
  readonly cacheMs?: number;
}

/** Up when the store answers a read of the feed's head (on EventStoreDB: the last record of `$all`). */
export class EventStoreHealthIndicator implements HealthIndicator {
  readonly name = 'event-store';
  private cached: { at: number; outcome: Promise<HealthState> } | undefined;
  private head: GlobalPosition | undefined;

  constructor(private readonly options: EventStoreHealthOptions) {}

  check(): Promise<HealthState> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > (this.options.cacheMs ?? 5_000))
      this.cached = { at: now, outcome: this.readHead() };
    return this.cached.outcome;
  }

  details(): Promise<Readonly<Record<string, unknown>>> {
    return Promise.resolve({
      adapter: this.options.adapter,
      headPosition: this.head ? formatPosition(this.head) : null,
    });
  }

  private async readHead(): Promise<HealthState> {
    this.head = await this.options.store.headPosition();
    return 'up';
  }
}
