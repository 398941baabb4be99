import type { GlobalPosition, RecordedEvent } from '../port';
import { batchCheckpoint, pageFromScan, passedCheckpoint } from './checkpoints';

const at = (commit: number): GlobalPosition => ({ commit: BigInt(commit), prepare: BigInt(commit) });
const event = (commit: number, stream: string, type = 'E'): RecordedEvent => ({
  id: `id-${commit}`,
  type,
  data: {},
  metadata: {},
  stream,
  revision: 0,
  position: at(commit),
  recordedAt: new Date(0),
});

describe('server checkpoints while filtering', () => {
  it('counts a checkpoint only once the events buffered before it were taken', () => {
    const markers = [
      { position: at(50), afterEvents: 2 },
      { position: at(90), afterEvents: 5 },
    ];
    expect(passedCheckpoint(markers, 1)).toEqual({ passed: undefined, pending: markers });
    expect(passedCheckpoint(markers, 3)).toEqual({ passed: at(50), pending: [markers[1]] });
    expect(passedCheckpoint(markers, 5)).toEqual({ passed: at(90), pending: [] });
  });

  it('moves a batch to the furthest of its last event and a checkpoint passed, never backwards', () => {
    expect(batchCheckpoint(at(10), at(20), at(35))).toEqual(at(35));
    expect(batchCheckpoint(at(10), at(40), at(35))).toEqual(at(40));
    expect(batchCheckpoint(at(10), undefined, at(35))).toEqual(at(35));
    expect(batchCheckpoint(undefined, at(5), undefined)).toEqual(at(5));
    expect(batchCheckpoint(at(40), at(30), undefined)).toBeUndefined();
    expect(batchCheckpoint(at(40), undefined, undefined)).toBeUndefined();
  });

  it('orders by commit, then prepare', () => {
    const sameCommit = { commit: 10n, prepare: 12n };
    expect(batchCheckpoint({ commit: 10n, prepare: 11n }, sameCommit, undefined)).toEqual(sameCommit);
  });
});

describe('a readAll page from an unfiltered scan', () => {
  const scanned = [
    event(10, 'gift-1'),
    event(11, '$stats-1', '$statsCollected'),
    event(12, 'other-1'),
    event(13, 'gift-2'),
    event(14, 'gift-3'),
    event(15, 'other-2'),
  ];
  const gifts = { streamCategories: ['gift'] };

  it('keeps matching events and checkpoints past the filtered-out ones when the log ends', () => {
    const page = pageFromScan({ from: undefined, scanned, maxCount: 10, filter: gifts, reachedEnd: true });
    expect(page.events.map((e) => e.position.commit)).toEqual([10n, 13n, 14n]);
    expect(page).toMatchObject({ checkpoint: at(15), isEnd: true });
  });

  it('stops at maxCount, with the checkpoint at the last event returned, not at the end of the scan', () => {
    const page = pageFromScan({ from: undefined, scanned, maxCount: 2, filter: gifts, reachedEnd: true });
    expect(page.events.map((e) => e.position.commit)).toEqual([10n, 13n]);
    expect(page).toMatchObject({ checkpoint: at(13), isEnd: false });
  });

  it('is not at the end when the scan window ran out first, yet reports how far it scanned', () => {
    const page = pageFromScan({ from: undefined, scanned, maxCount: 10, filter: gifts, reachedEnd: false });
    expect(page).toMatchObject({ checkpoint: at(15), isEnd: false });
  });

  it('treats `from` as exclusive, and leaves the checkpoint there when nothing follows', () => {
    const page = pageFromScan({ from: at(13), scanned, maxCount: 10, filter: gifts, reachedEnd: true });
    expect(page.events.map((e) => e.position.commit)).toEqual([14n]);
    expect(
      pageFromScan({ from: at(15), scanned: [], maxCount: 10, filter: gifts, reachedEnd: true }),
    ).toEqual({
      events: [],
      checkpoint: at(15),
      isEnd: true,
    });
  });

  it('has no checkpoint for an empty log read from its start', () => {
    expect(
      pageFromScan({ from: undefined, scanned: [], maxCount: 5, filter: undefined, reachedEnd: true }),
    ).toEqual({ events: [], checkpoint: undefined, isEnd: true });
  });

  it('leaves system events out of an unfiltered page', () => {
    const page = pageFromScan({
      from: undefined,
      scanned,
      maxCount: 10,
      filter: undefined,
      reachedEnd: true,
    });
    expect(page.events.map((e) => e.stream)).toEqual(['gift-1', 'other-1', 'gift-2', 'gift-3', 'other-2']);
  });
});
