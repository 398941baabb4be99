import { allPlaybooks, defaultPlaybookSettings, playbooksByName } from './index';

describe('the playbook list', () => {
  it('names every playbook once, under the name its tasks are derived from', () => {
    const names = allPlaybooks.map((playbook) => playbook.name);
    expect(new Set(names).size).toBe(names.length);
    for (const [name, playbook] of Object.entries(playbooksByName)) expect(playbook.name).toBe(name);
    expect(Object.keys(defaultPlaybookSettings).sort()).toEqual([...names].sort());
  });

  it('has settings that survive JSON, as configuration does', () =>
    expect(JSON.parse(JSON.stringify(defaultPlaybookSettings))).toEqual(defaultPlaybookSettings));

  it('subscribes every playbook to at least one event type, each listed once', () => {
    for (const playbook of allPlaybooks) {
      expect(playbook.eventTypes.length).toBeGreaterThan(0);
      expect(new Set(playbook.eventTypes).size).toBe(playbook.eventTypes.length);
    }
  });

  it('ignores any input that is not for it, without changing state', () => {
    for (const playbook of allPlaybooks) {
      const state = playbook.initialState();
      const unrelated = {
        type: 'Event' as const,
        event: {
          id: 'e-1',
          type: 'SomethingElseHappened',
          data: { partnerId: 'p-1', taskId: 't-1', staffId: 's-1' },
          stream: 'other-1',
          occurredAt: '2026-01-01T00:00:00Z',
          recordedAt: '2026-01-01T00:00:00Z',
        },
      };
      expect(playbook.react(state, unrelated, playbook.defaultSettings)).toEqual({ state, actions: [] });
      const strayTimer = {
        type: 'TimerFired' as const,
        key: 'nope',
        timerId: 't',
        dueAt: '2026-01-01T00:00:00Z',
        payload: {},
      };
      expect(playbook.react(state, strayTimer, playbook.defaultSettings).actions).toEqual([]);
    }
  });
});
