import { fold } from '@continuum/kernel';
import { specificationFor } from '@continuum/kernel/testing';
import {
  advisoryBoardDecider,
  advisoryBoardEventTypes,
  advisoryBoardStream,
  type AdvisorySeatAccepted,
  type AdvisorySeatEnded,
  type EndAdvisorySeat,
  type RecordAdvisorySeatAccepted,
} from './advisory-board';

const given = specificationFor(advisoryBoardDecider);

const accept = (
  partnerId: string,
  termStart: string,
  termEnd?: string,
  boardName = 'Robotics Industry Advisory Board',
): RecordAdvisorySeatAccepted => ({
  type: 'RecordAdvisorySeatAccepted',
  data: {
    boardId: 'B-7',
    boardName,
    partnerId,
    termStart,
    ...(termEnd === undefined ? {} : { termEnd }),
  },
});

const accepted = (partnerId: string, termStart: string, termEnd?: string): AdvisorySeatAccepted => ({
  type: 'AdvisorySeatAccepted',
  data: accept(partnerId, termStart, termEnd).data,
});

const end = (partnerId: string, endedOn: string): EndAdvisorySeat => ({
  type: 'EndAdvisorySeat',
  data: { boardId: 'B-7', partnerId, endedOn },
});

const ended = (partnerId: string, termStart: string, endedOn: string): AdvisorySeatEnded => ({
  type: 'AdvisorySeatEnded',
  data: { boardId: 'B-7', partnerId, termStart, endedOn },
});

describe('AdvisoryBoard', () => {
  it('keeps one stream per board, advisory-<boardId>, and lists its event types', () => {
    expect(advisoryBoardStream('B-7')).toBe('advisory-B-7');
    expect(advisoryBoardEventTypes).toEqual(['AdvisorySeatAccepted', 'AdvisorySeatEnded']);
  });

  describe('RecordAdvisorySeatAccepted', () => {
    it('records a seat accepted for a fixed term', () =>
      given([])
        .when(accept('partner-1', '2026-01-01', '2027-12-31'))
        .then([accepted('partner-1', '2026-01-01', '2027-12-31')]));

    it('records an open-ended seat without a term end', () =>
      given([])
        .when(accept('partner-1', '2026-01-01'))
        .then([accepted('partner-1', '2026-01-01')]));

    it('seats another partner on the same board for the same term', () =>
      given([accepted('partner-1', '2026-01-01')])
        .when(accept('partner-2', '2026-01-01'))
        .then([accepted('partner-2', '2026-01-01')]));

    it('records nothing new when the same partner is recorded again for the same term', () =>
      given([accepted('partner-1', '2026-01-01', '2027-12-31')])
        .when(accept('partner-1', '2026-01-01', '2027-12-31'))
        .then([]));

    it('records nothing new when a term that has since ended is recorded again', () =>
      given([accepted('partner-1', '2026-01-01'), ended('partner-1', '2026-01-01', '2026-09-30')])
        .when(accept('partner-1', '2026-01-01'))
        .then([]));

    it('records a renewal that starts after the previous term ends', () =>
      given([accepted('partner-1', '2026-01-01', '2027-12-31')])
        .when(accept('partner-1', '2028-01-01', '2029-12-31'))
        .then([accepted('partner-1', '2028-01-01', '2029-12-31')]));

    it('records a new seat for a partner whose earlier seat was ended', () =>
      given([accepted('partner-1', '2026-01-01'), ended('partner-1', '2026-01-01', '2026-09-30')])
        .when(accept('partner-1', '2027-01-01'))
        .then([accepted('partner-1', '2027-01-01')]));

    it('refuses a second seat for a partner already seated with an open term', () =>
      given([accepted('partner-1', '2026-01-01')])
        .when(accept('partner-1', '2027-01-01', '2028-12-31'))
        .thenThrows('seat-already-held'));

    it('refuses the same term again with a different term end', () =>
      given([accepted('partner-1', '2026-01-01', '2027-12-31')])
        .when(accept('partner-1', '2026-01-01', '2028-12-31'))
        .thenThrows('seat-already-held'));

    it('refuses a term that starts before a held seat ends', () =>
      given([accepted('partner-1', '2026-01-01', '2027-12-31')])
        .when(accept('partner-1', '2027-12-31'))
        .thenThrows('seat-already-held'));

    it('refuses an earlier term that runs into a held seat', () =>
      given([accepted('partner-1', '2026-01-01')])
        .when(accept('partner-1', '2025-01-01', '2026-01-01'))
        .thenThrows('seat-already-held'));

    it('refuses a term that ends before it starts', () =>
      given([])
        .when(accept('partner-1', '2026-01-01', '2025-12-31'))
        .thenThrows('advisory-term-ends-before-start'));
  });

  describe('EndAdvisorySeat', () => {
    it('ends the partner’s current seat, naming the term that ended', () =>
      given([accepted('partner-1', '2026-01-01')])
        .when(end('partner-1', '2026-09-30'))
        .then([ended('partner-1', '2026-01-01', '2026-09-30')]));

    it('ends the latest of a partner’s terms', () =>
      given([accepted('partner-1', '2026-01-01', '2026-12-31'), accepted('partner-1', '2027-01-01')])
        .when(end('partner-1', '2027-06-30'))
        .then([ended('partner-1', '2027-01-01', '2027-06-30')]));

    it('ends nothing new when the same seat is ended again on the same day', () =>
      given([accepted('partner-1', '2026-01-01'), ended('partner-1', '2026-01-01', '2026-09-30')])
        .when(end('partner-1', '2026-09-30'))
        .then([]));

    it('refuses to end a seat again on another day', () =>
      given([accepted('partner-1', '2026-01-01'), ended('partner-1', '2026-01-01', '2026-09-30')])
        .when(end('partner-1', '2026-10-31'))
        .thenThrows('seat-already-ended'));

    it('refuses to end a seat before its term started', () =>
      given([accepted('partner-1', '2026-01-01')])
        .when(end('partner-1', '2025-12-31'))
        .thenThrows('seat-ended-before-term-start'));

    it('refuses to end a seat the partner never held on the board', () =>
      given([accepted('partner-1', '2026-01-01')])
        .when(end('partner-2', '2026-09-30'))
        .thenThrows('advisory-seat-not-found'));

    it('refuses to end a seat on a board with no seats recorded', () =>
      given([]).when(end('partner-1', '2026-09-30')).thenThrows('advisory-board-not-found'));
  });

  describe('evolve', () => {
    it('folds the board into its seats by partner, terms in start order, ended terms marked', () => {
      const state = fold(advisoryBoardDecider, [
        accepted('partner-1', '2027-01-01'),
        accepted('partner-2', '2026-01-01', '2026-12-31'),
        accepted('partner-1', '2026-01-01', '2026-06-30'),
        ended('partner-1', '2027-01-01', '2027-03-31'),
      ]);
      expect(state).toEqual({
        boardName: 'Robotics Industry Advisory Board',
        seats: {
          'partner-1': [
            { termStart: '2026-01-01', termEnd: '2026-06-30' },
            { termStart: '2027-01-01', endedOn: '2027-03-31' },
          ],
          'partner-2': [{ termStart: '2026-01-01', termEnd: '2026-12-31' }],
        },
      });
    });

    it('keeps the board name most recently reported', () => {
      const renamed: AdvisorySeatAccepted = {
        type: 'AdvisorySeatAccepted',
        data: accept('partner-2', '2026-01-01', undefined, 'Robotics & Automation Advisory Board').data,
      };
      expect(fold(advisoryBoardDecider, [accepted('partner-1', '2026-01-01'), renamed]).boardName).toBe(
        'Robotics & Automation Advisory Board',
      );
    });
  });
});
