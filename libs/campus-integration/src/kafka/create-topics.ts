import type { Admin, ITopicConfig } from 'kafkajs';

const ATTEMPTS = 30;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// A KRaft broker answers UNKNOWN_TOPIC_OR_PARTITION for a moment after it created a topic; kafkajs retries only LEADER_NOT_AVAILABLE.
const isPropagating = (error: unknown): boolean =>
  (error as { type?: string } | undefined)?.type === 'UNKNOWN_TOPIC_OR_PARTITION';

async function untilSettled<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= ATTEMPTS || !isPropagating(error)) throw error;
      await pause(100);
    }
  }
}

/** Creates the topics (those that exist are left as they are) and waits until the broker serves their metadata. */
export async function createTopicsSettled(admin: Admin, topics: readonly ITopicConfig[]): Promise<void> {
  await untilSettled(() => admin.createTopics({ waitForLeaders: true, topics: [...topics] }));
  await untilSettled(() => admin.fetchTopicMetadata({ topics: topics.map(({ topic }) => topic) }));
}
