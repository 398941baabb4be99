import type { Admin } from 'kafkajs';
import { createTopicsSettled } from './create-topics';

const propagating = Object.assign(new Error('This server does not host this topic-partition'), {
  type: 'UNKNOWN_TOPIC_OR_PARTITION',
});

function adminFailing(createFailures: number, metadataFailures: number, error: Error = propagating) {
  const calls = { create: 0, metadata: 0 };
  const admin = {
    createTopics: () => (calls.create++ < createFailures ? Promise.reject(error) : Promise.resolve(true)),
    fetchTopicMetadata: () =>
      calls.metadata++ < metadataFailures ? Promise.reject(error) : Promise.resolve({ topics: [] }),
  } as unknown as Admin;
  return { admin, calls };
}

describe('createTopicsSettled', () => {
  it('rides out a broker that does not serve a topic it has just created', async () => {
    const { admin, calls } = adminFailing(2, 3);
    await createTopicsSettled(admin, [{ topic: 'campus.research' }]);
    expect(calls).toEqual({ create: 3, metadata: 4 });
  });

  it('passes any other failure on at once', async () => {
    const { admin, calls } = adminFailing(1, 0, new Error('broker down'));
    await expect(createTopicsSettled(admin, [{ topic: 'campus.research' }])).rejects.toThrow('broker down');
    expect(calls.create).toBe(1);
  });
});
