import type { RecordedEvent } from '@continuum/event-store';
import { evolvePartnerFacts, foldPartnerFacts, initialPartnerFacts, PartnerFactsFold } from './partner-state';
import { diffPartnerStates, partnerStateView } from './partner-state-view';

let position = 0n;
const recorded = (type: string, data: object, occurredAt: string, stream = 'partner-acme'): RecordedEvent => {
  position += 1n;
  return {
    id: `00000000-0000-4000-8000-${position.toString().padStart(12, '0')}`,
    type,
    data,
    metadata: { occurredAt },
    stream,
    revision: 0,
    position: { commit: position, prepare: position },
    recordedAt: new Date(occurredAt),
  };
};

const registered = recorded(
  'PartnerRegistered',
  { partnerId: 'acme', name: 'Acme', tier: 'prospect', registeredVia: 'staff' },
  '2025-01-10T10:00:00.000Z',
);
const owner = recorded(
  'RelationshipOwnerAssigned',
  { partnerId: 'acme', staffId: 'olivia' },
  '2025-01-11T10:00:00.000Z',
);
const gift = (giftId: string, amount: string, receivedOn: string, partnerId = 'acme') =>
  recorded(
    'GiftReceived',
    {
      giftId,
      partnerId,
      amount: { amount, currency: 'USD' },
      giftType: 'CASH',
      designation: 'Lab',
      receivedOn,
    },
    `${receivedOn}T12:00:00.000Z`,
    `gift-${giftId}`,
  );
const task = (taskId: string) =>
  recorded(
    'TaskCreated',
    {
      taskId,
      partnerId: 'acme',
      kind: 'call',
      title: 'Call',
      dueAt: '2025-03-01T00:00:00.000Z',
      assignee: { team: 'advancement' },
      origin: { createdBy: 'olivia' },
      createdAt: '2025-02-01T00:00:00.000Z',
    },
    '2025-02-01T00:00:00.000Z',
    `task-${taskId}`,
  );

/** Given these events, when the 360 is read as of `asOf`, then ... */
const given = (events: readonly RecordedEvent[]) => ({
  asOf: (asOf: string) => partnerStateView(foldPartnerFacts('acme', events), new Date(asOf), 'recorded'),
});

describe('the partner facts fold', () => {
  it('keeps the profile its events left: name, tier, owner', () => {
    const state = given([registered, owner]).asOf('2025-02-01T00:00:00Z');
    expect(state.profile).toMatchObject({
      name: 'Acme',
      tier: 'prospect',
      ownerId: 'olivia',
      mergedInto: null,
    });
    expect(state.registered).toBe(true);
    expect(state.eventsFolded).toBe(2);
  });

  it('sums gifts per currency and counts the giving line active within 24 months', () => {
    const state = given([
      registered,
      gift('g1', '100.00', '2025-01-20'),
      gift('g2', '50.50', '2025-01-21'),
    ]).asOf('2025-06-01T00:00:00Z');
    expect(state.giving.giftsReceived).toEqual([{ amount: '150.50', currency: 'USD' }]);
    expect(state.lines.giving).toMatchObject({ items: 2, active: true });
    expect(state.engagement.components.breadth.activeLines).toEqual(['giving']);
    const later = given([registered, gift('g1', '100.00', '2025-01-20')]).asOf('2028-01-01T00:00:00Z');
    expect(later.lines.giving.active).toBe(false);
  });

  it('counts the lines of a duplicate merged in, but never its profile', () => {
    const duplicateProfile = recorded(
      'PartnerRenamed',
      { partnerId: 'acme-dup', name: 'ACME Inc', previousName: 'Acme dup' },
      '2025-01-12T00:00:00.000Z',
    );
    const state = given([registered, duplicateProfile, gift('g3', '10.00', '2025-01-13', 'acme-dup')]).asOf(
      '2025-02-01T00:00:00Z',
    );
    expect(state.profile.name).toBe('Acme');
    expect(state.giving.giftsReceived).toEqual([{ amount: '10.00', currency: 'USD' }]);
    expect(state.items[0]).toMatchObject({ partnerId: 'acme-dup' });
  });

  it('tracks tasks from open to done', () => {
    const completed = recorded(
      'TaskCompleted',
      {
        taskId: 't1',
        partnerId: 'acme',
        outcome: 'done',
        completedBy: 'olivia',
        completedAt: '2025-02-02T00:00:00Z',
      },
      '2025-02-02T00:00:00.000Z',
      'task-t1',
    );
    expect(given([registered, task('t1')]).asOf('2025-02-01T12:00:00Z').openTasks).toEqual([
      {
        taskId: 't1',
        title: 'Call',
        status: 'open',
        assignee: 'team:advancement',
        dueAt: '2025-03-01T00:00:00.000Z',
      },
    ]);
    expect(given([registered, task('t1'), completed]).asOf('2025-03-01T00:00:00Z').openTasks).toEqual([]);
  });

  it('steps one event at a time to the same facts as folding them all, without changing its input', () => {
    const events = [registered, owner, gift('g4', '1.00', '2025-01-20'), task('t2')];
    const stepped = events.reduce(evolvePartnerFacts, initialPartnerFacts('acme'));
    const streaming = new PartnerFactsFold('acme');
    for (const event of events) streaming.add(event);
    const before = initialPartnerFacts('acme');
    evolvePartnerFacts(before, registered);
    expect(before).toEqual(initialPartnerFacts('acme'));
    expect(stepped).toEqual(foldPartnerFacts('acme', events));
    expect(streaming.facts).toEqual(stepped);
  });

  it('ignores event types it does not know, while counting them as folded', () => {
    const unknown = recorded('SomethingNew', { partnerId: 'acme' }, '2025-01-12T00:00:00.000Z');
    expect(given([registered, unknown]).asOf('2025-02-01T00:00:00Z')).toMatchObject({
      eventsFolded: 2,
      profile: { name: 'Acme' },
    });
  });
});

describe('diffing two moments', () => {
  it('names each fact that changed with its value before and after, and nothing else', () => {
    const tierChanged = recorded(
      'TierChanged',
      { partnerId: 'acme', from: 'prospect', to: 'engaged', reason: 'gift' },
      '2025-01-25T00:00:00.000Z',
    );
    const facts = [registered, owner, gift('g5', '100.00', '2025-01-20'), tierChanged];
    const before = partnerStateView(
      foldPartnerFacts('acme', facts.slice(0, 2)),
      new Date('2025-01-15'),
      'recorded',
    );
    const after = partnerStateView(foldPartnerFacts('acme', facts), new Date('2025-01-26'), 'recorded');
    const changes = new Map(diffPartnerStates(before, after).map((c) => [c.path, c]));
    expect(changes.get('profile.tier')).toEqual({ path: 'profile.tier', from: 'prospect', to: 'engaged' });
    expect(changes.get('giving.giftsReceived')).toEqual({
      path: 'giving.giftsReceived',
      from: [],
      to: [{ amount: '100.00', currency: 'USD' }],
    });
    expect(changes.has('profile.name')).toBe(false);
    expect(changes.has('asOf')).toBe(false);
    expect(diffPartnerStates(after, after)).toEqual([]);
  });
});
