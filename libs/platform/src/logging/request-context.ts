import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestContext {
  readonly correlationId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The correlation id of the request or message being handled, if any: stamp it on events and logs. */
export const currentCorrelationId = (): string | undefined => storage.getStore()?.correlationId;

/** Runs `work` (and everything it awaits) under `correlationId`, e.g. while handling a Kafka message. */
export const runWithCorrelationId = <T>(correlationId: string, work: () => T): T =>
  storage.run({ correlationId }, work);
