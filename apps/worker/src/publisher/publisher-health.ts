import type { EventPublisher, PublisherStatus } from '@continuum/campus-integration';
import type { HealthIndicator, HealthState } from '@continuum/platform';

/** A send pending this long means Kafka is not answering, even before kafkajs gives up. */
const STALLED_SEND_MS = 15_000;

/** Kafka down or an unpublishable event degrades the service (receivers fall behind) without failing readiness. */
export class PublisherHealthIndicator implements HealthIndicator {
  readonly name = 'publisher';

  constructor(private readonly publisher: EventPublisher | undefined) {}

  check(): Promise<HealthState> {
    const progress = this.publisher?.current;
    if (!progress) return Promise.resolve('not-configured');
    const stalled =
      progress.sendingSince !== undefined && Date.now() - progress.sendingSince > STALLED_SEND_MS;
    return Promise.resolve(progress.failing || stalled ? 'degraded' : 'up');
  }

  async details(): Promise<Record<string, unknown>> {
    if (!this.publisher) return {};
    return describe(await this.publisher.status());
  }
}

function describe(status: PublisherStatus): Record<string, unknown> {
  return {
    topic: status.topic,
    owner: status.owner,
    checkpoint: status.checkpoint?.commit.toString() ?? null,
    positionsBehind: status.positionsBehind.toString(),
    failures: status.failures,
    lastError: status.lastError ?? null,
  };
}
