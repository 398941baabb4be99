import { anEvent, playbookSpecification, type CreateTaskAction } from '../testing';
import { editDistanceWithin, nameLikeness } from './likely-duplicates';
import { newPartnerReviewPlaybook } from './new-partner-review.playbook';

const given = playbookSpecification(newPartnerReviewPlaybook);

const registered = (partnerId: string, name: string, webDomain?: string, registeredVia = 'staff') =>
  anEvent(
    'PartnerRegistered',
    { partnerId, name, ...(webDomain === undefined ? {} : { webDomain }), tier: 'prospect', registeredVia },
    { id: `event-${partnerId}`, occurredAt: '2026-03-02T10:00:00Z' },
  );

const review = (description: string): CreateTaskAction => ({
  type: 'CreateTask',
  cause: 'event-new',
  partnerId: 'new',
  kind: 'review-new-partner',
  title: 'Review new partner record',
  description,
  dueAt: '2026-03-05T10:00:00.000Z',
  assignTo: { team: 'data-stewardship' },
});

const known = [
  registered('p-acme', 'Acme Robotics, Inc.', 'acme.com'),
  registered('p-globex', 'Globex Corporation', 'globex.io'),
  registered('p-initech', 'Initech', 'initech.com'),
];

describe('new-partner-review playbook', () => {
  it('keeps one registry instance for every partner event', () =>
    expect(newPartnerReviewPlaybook.instanceOf(registered('p-1', 'X').event)).toBe('registry'));

  it('asks data stewardship to review a partner from a campus system within 3 days, listing duplicates', () =>
    given(known)
      .when(registered('new', 'ACME Robotic Ltd', 'https://www.acme.com/', 'campus-system'))
      .then([
        review(
          '"ACME Robotic Ltd" (acme.com) was registered from a campus system. Likely duplicates: "Acme Robotics, Inc." [p-acme] (similar name, same web domain acme.com). Merge them if they are the same company.',
        ),
      ]));

  it('finds a duplicate by web domain alone', () =>
    given(known)
      .when(registered('new', 'Initrode Holdings', 'initech.com', 'campus-system'))
      .then([
        review(
          '"Initrode Holdings" (initech.com) was registered from a campus system. Likely duplicates: "Initech" [p-initech] (same web domain initech.com). Merge them if they are the same company.',
        ),
      ]));

  it('says so when nothing looks alike', () =>
    given(known)
      .when(registered('new', 'Umbrella Pharma', undefined, 'campus-system'))
      .then([
        review(
          '"Umbrella Pharma" was registered from a campus system. No likely duplicates found: check the name, web domain and industry.',
        ),
      ]));

  it('creates no review for a partner registered by staff, but remembers it', () => {
    given(known).when(registered('p-umbrella', 'Umbrella Pharma')).thenNothing();
    expect(
      (
        given([...known, registered('p-umbrella', 'Umbrella Pharma')])
          .when(registered('new', 'Umbrella Pharma', undefined, 'campus-system'))
          .decision().actions[0] as CreateTaskAction
      ).description,
    ).toContain('"Umbrella Pharma" [p-umbrella] (same name)');
  });

  it('compares with the current name after a rename, and skips partners merged away', () => {
    const renamed = anEvent(
      'PartnerRenamed',
      { partnerId: 'p-globex', name: 'Umbrella Pharma', previousName: 'Globex Corporation' },
      { id: 'event-renamed', occurredAt: '2026-03-01T00:00:00Z' },
    );
    const mergedAway = anEvent(
      'PartnerMergedInto',
      { partnerId: 'p-initech', survivorId: 'p-acme' },
      { id: 'event-merged', occurredAt: '2026-03-01T00:00:00Z' },
    );
    const description = (name: string, domain?: string) =>
      (
        given([...known, renamed, mergedAway])
          .when(registered('new', name, domain, 'campus-system'))
          .decision().actions[0] as CreateTaskAction
      ).description;
    expect(description('Pharma Umbrella')).toContain('[p-globex] (same name, words in another order)');
    expect(description('Initech', 'initech.com')).toContain('No likely duplicates');
  });

  it('lists at most the configured number of duplicates', () => {
    const many = Array.from({ length: 12 }, (_, index) =>
      registered(`p-${index}`, `Clone ${index}`, 'clone.com'),
    );
    expect(
      (
        given(many)
          .when(registered('new', 'Clone', 'clone.com', 'campus-system'))
          .decision().actions[0] as CreateTaskAction
      ).description,
    ).toMatch(/; and 2 more\. Merge them/);
  });

  it('reviews a redelivered registration once, and decides the same from the same state', () => {
    const campus = registered('new', 'Umbrella Pharma', undefined, 'campus-system');
    given([...known, campus])
      .when(campus)
      .thenNothing();
    expect(given(known).when(campus).decision()).toEqual(given(known).when(campus).decision());
  });
});

describe('name likeness', () => {
  it('accepts small typos in long names and refuses them in short ones', () => {
    expect(nameLikeness('acme robotics', 'acme robotic', 0.85)).toBe('similar name');
    expect(nameLikeness('acme', 'acne', 0.85)).toBeUndefined();
    expect(nameLikeness('globex', 'initech', 0.85)).toBeUndefined();
  });

  it('measures edit distance up to a cap', () => {
    expect(editDistanceWithin('kitten', 'sitting', 3)).toBe(3);
    expect(editDistanceWithin('kitten', 'sitting', 2)).toBeUndefined();
    expect(editDistanceWithin('same', 'same', 0)).toBe(0);
  });

  it('agrees with the full edit-distance table on every pair of short strings, for every cap', () => {
    const fullDistance = (a: string, b: string): number => {
      let row = Array.from({ length: b.length + 1 }, (_, j) => j);
      for (let i = 1; i <= a.length; i++) {
        const next = [i];
        for (let j = 1; j <= b.length; j++)
          next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        row = next;
      }
      return row[b.length]!;
    };
    let seed = 42;
    const draw = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const word = (): string => Array.from({ length: draw(9) }, () => 'abc '[draw(4)]).join('');
    const disagreements: unknown[] = [];
    for (let pair = 0; pair < 3000; pair++) {
      const [a, b] = [word(), word()];
      const distance = fullDistance(a, b);
      for (let max = 0; max <= 5; max++) {
        const banded = editDistanceWithin(a, b, max);
        if (banded !== (distance <= max ? distance : undefined)) disagreements.push({ a, b, max, banded });
      }
    }
    expect(disagreements).toEqual([]);
  });
});
