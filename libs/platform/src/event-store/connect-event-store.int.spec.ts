import { StartupError } from '../bootstrap/startup-error';
import { freePort } from '../testing/free-port';
import { connectEventStore } from './connect-event-store';

const noBackgroundErrors = (error: Error): void => {
  throw error;
};

describe('connecting the EventStoreDB adapter', () => {
  it('refuses to start without a connection string', async () => {
    const connecting = connectEventStore(
      { EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: undefined },
      'postgres://unused',
      noBackgroundErrors,
    );
    await expect(connecting).rejects.toBeInstanceOf(StartupError);
    await expect(connecting).rejects.toThrow('EVENTSTORE_CONNECTION_STRING is required');
  });

  it('refuses to start when no node answers, naming the address without its password', async () => {
    const port = await freePort();
    const connecting = connectEventStore(
      {
        EVENT_STORE: 'eventstoredb',
        EVENTSTORE_CONNECTION_STRING: `esdb://admin:changeit@127.0.0.1:${port}?tls=false`,
      },
      'postgres://unused',
      noBackgroundErrors,
    );
    await expect(connecting).rejects.toBeInstanceOf(StartupError);
    await expect(connecting).rejects.toThrow(
      new RegExp(
        `^Could not reach EventStoreDB at esdb://admin:\\*\\*\\*@127\\.0\\.0\\.1:${port}\\?tls=false: .*UNAVAILABLE`,
      ),
    );
  });
});
