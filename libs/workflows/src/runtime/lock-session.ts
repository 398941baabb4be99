import { Client } from 'pg';

/** Ownership of one advisory lock on the shared session; `lost` fires when the session dies. */
export interface LockLease {
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

/**
 * One dedicated connection holding the session-level advisory locks of every playbook this process
 * owns (one connection, not one per playbook). PostgreSQL releases them all when it dies; the leases
 * then report `lost` and the runners try again on a fresh session.
 */
export class AdvisoryLockSession {
  private session: Promise<{ client: Client; lost: AbortController }> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly databaseUrl: string,
    private readonly onError: (error: Error) => void,
  ) {}

  /** The lease when the lock was free, undefined when another session holds it. */
  tryLock(name: string): Promise<LockLease | undefined> {
    return this.serialised(async () => {
      const { client, lost } = await this.connect();
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [name],
      );
      if (rows[0]?.locked !== true) return undefined;
      return {
        lost: lost.signal,
        release: () =>
          this.serialised(async () => {
            if (lost.signal.aborted) return;
            await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(() => undefined);
          }),
      };
    });
  }

  async close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (!session) return;
    const opened = await session.catch(() => undefined);
    opened?.lost.abort();
    await opened?.client.end().catch(() => undefined);
  }

  // One query at a time on the session's single connection.
  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private connect(): Promise<{ client: Client; lost: AbortController }> {
    this.session ??= (async () => {
      const client = new Client({
        connectionString: this.databaseUrl,
        application_name: 'continuum-workflow-locks',
      });
      const lost = new AbortController();
      const drop = (error?: Error): void => {
        if (error) this.onError(error);
        lost.abort();
        if (this.session === opening) this.session = undefined;
      };
      client.on('error', drop);
      client.on('end', () => drop());
      await client.connect();
      return { client, lost };
    })();
    const opening = this.session;
    opening.catch(() => {
      if (this.session === opening) this.session = undefined;
    });
    return opening;
  }
}
