import { Client, type ClientConfig } from 'pg';

export const APPENDED_CHANNEL = 'event_store_appended';

/** A counter bumped whenever the feed may have grown; waiters compare generations so no wake-up is lost. */
export class FeedSignal {
  private generation = 0;
  private readonly waiters = new Set<() => void>();

  get current(): number {
    return this.generation;
  }

  bump(): void {
    this.generation += 1;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  /** Resolves on the next bump after `seen`, after `timeoutMs`, or when `abort` fires. */
  wait(seen: number, timeoutMs: number, abort: AbortSignal): Promise<void> {
    if (this.generation !== seen || abort.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        abort.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      abort.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }
}

/** Holds one LISTEN connection and turns other processes' appends into bumps; reconnects on failure. */
export class FeedListener {
  private client: Client | undefined;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: ClientConfig,
    private readonly signal: FeedSignal,
    private readonly onError: (error: Error) => void,
    /** The payload of this store's own notifications: its appends bumped the signal already. */
    private readonly ownPayload: string,
  ) {}

  start(): void {
    this.connect().catch((error: unknown) => this.reconnect(error as Error));
  }

  private async connect(): Promise<void> {
    const client = new Client(this.config);
    client.on('notification', (notification) => {
      if (notification.payload !== this.ownPayload) this.signal.bump();
    });
    client.on('error', (error) => this.reconnect(error));
    client.on('end', () => this.reconnect(new Error('LISTEN connection ended')));
    this.client = client;
    await client.connect();
    await client.query(`LISTEN ${APPENDED_CHANNEL}`);
    this.signal.bump(); // anything appended while we were not listening is read now
  }

  private reconnect(error: Error): void {
    if (this.closed || this.reconnectTimer) return;
    this.onError(error);
    this.client?.removeAllListeners();
    void this.client?.end().catch(() => undefined);
    this.client = undefined;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.start();
    }, 1000);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    client?.removeAllListeners();
    await client?.end().catch(() => undefined);
  }
}
