import type { Event } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import { endAllPools, nodePostgresPool } from '@event-driven-io/dumbo';
import { Pool } from 'pg';
import type { StoreContender } from './contender';
import type { BenchMetadata, GiftReceivedData } from './payload';

type GiftReceived = Event<'GiftReceived', GiftReceivedData, BenchMetadata & { messageId: string }>;

/** Emmett as its docs set it up, on a pg pool of our size; the schema is migrated before any timing. */
export async function openEmmett(url: string, poolSize: number): Promise<StoreContender> {
  const pool = new Pool({ connectionString: url, max: poolSize, application_name: 'bench-emmett' });
  // The same pool serves appends (through the store) and the global feed read (through Emmett's batch reader).
  const db = nodePostgresPool({ connectionString: url, pool });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { dumbo: db } });
  await store.schema.migrate();
  return {
    async append(stream, events, revision) {
      const result = await store.appendToStream<GiftReceived>(
        stream,
        events.map((event) => ({
          type: event.type,
          data: event.data,
          metadata: { ...event.metadata, messageId: event.id },
        })),
        // Emmett counts a stream's version from 1: version N means N events, 0n means "no stream yet".
        { expectedStreamVersion: BigInt(revision + 1) },
      );
      const expected = BigInt(revision + 1 + events.length);
      if (result.nextExpectedStreamVersion !== expected)
        throw new Error(`${stream}: version ${result.nextExpectedStreamVersion}, expected ${expected}`);
    },
    async readFeed(pageSize) {
      const ids: string[] = [];
      let after = 0n;
      for (;;) {
        const batch = await readMessagesBatch<GiftReceived>(db.execute, { after, batchSize: pageSize });
        for (const message of batch.messages) ids.push(message.metadata.messageId);
        after = batch.currentGlobalPosition;
        if (!batch.areMessagesLeft) return ids;
      }
    },
    async close() {
      await store.close();
      await pool.end();
      await endAllPools(); // the schema migration opens its own pool keyed by the connection string
    },
  };
}
