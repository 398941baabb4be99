import { fold } from '@continuum/kernel';
import { specificationFor } from '@continuum/kernel/testing';
import {
  researchAgreementDecider,
  researchAgreementEventTypes,
  researchAgreementRefusals as refusals,
  researchAgreementStream,
  type AgreementAmended,
  type AgreementExpired,
  type AgreementSigned,
  type AgreementTerminated,
  type AmendAgreement,
  type ExpireAgreement,
  type RecordAgreementSigned,
  type TerminateAgreement,
} from './research-agreement';

const given = specificationFor(researchAgreementDecider);

const principalInvestigator = { id: 'PI-77', name: 'Dr. Ada Okafor', department: 'Bioengineering' };

const sign: RecordAgreementSigned = {
  type: 'RecordAgreementSigned',
  data: {
    agreementId: 'AGR-9',
    partnerId: 'partner-1',
    kind: 'SPONSORED_RESEARCH',
    title: 'Soft actuators for surgical robotics',
    value: { amount: '250000', currency: 'USD' },
    effectiveDate: '2026-01-15',
    endDate: '2027-01-14',
    principalInvestigator,
  },
};

const signed: AgreementSigned = {
  type: 'AgreementSigned',
  data: { ...sign.data, value: { amount: '250000.00', currency: 'USD' } },
};

const signing = (data: Partial<RecordAgreementSigned['data']>): RecordAgreementSigned => ({
  ...sign,
  data: { ...sign.data, ...data },
});

const amend = (data: Partial<AmendAgreement['data']>): AmendAgreement => ({
  type: 'AmendAgreement',
  data: { agreementId: 'AGR-9', amendedOn: '2026-06-01', ...data },
});

const amended = (data: Partial<AgreementAmended['data']>): AgreementAmended => ({
  type: 'AgreementAmended',
  data: { agreementId: 'AGR-9', partnerId: 'partner-1', amendedOn: '2026-06-01', ...data },
});

const terminate = (reason = 'Sponsor withdrew funding', terminatedOn = '2026-09-30'): TerminateAgreement => ({
  type: 'TerminateAgreement',
  data: { agreementId: 'AGR-9', reason, terminatedOn },
});

const terminated: AgreementTerminated = {
  type: 'AgreementTerminated',
  data: {
    agreementId: 'AGR-9',
    partnerId: 'partner-1',
    reason: 'Sponsor withdrew funding',
    terminatedOn: '2026-09-30',
  },
};

const expire = (asOf: string): ExpireAgreement => ({
  type: 'ExpireAgreement',
  data: { agreementId: 'AGR-9', asOf },
});

const expired: AgreementExpired = {
  type: 'AgreementExpired',
  data: { agreementId: 'AGR-9', partnerId: 'partner-1', endDate: '2027-01-14', asOf: '2027-01-14' },
};

describe('ResearchAgreement', () => {
  it('names its stream agreement-<agreementId> and lists its event types', () => {
    expect(researchAgreementStream('AGR-9')).toBe('agreement-AGR-9');
    expect(researchAgreementEventTypes).toEqual([
      'AgreementSigned',
      'AgreementAmended',
      'AgreementTerminated',
      'AgreementExpired',
    ]);
  });

  describe('RecordAgreementSigned', () => {
    it('records a signed agreement, with its value normalised to an exact decimal', () =>
      given([]).when(sign).then([signed]));

    it('records an open-ended agreement without value or principal investigator', () => {
      const { value: _value, endDate: _endDate, principalInvestigator: _pi, ...bare } = sign.data;
      given([])
        .when({ type: 'RecordAgreementSigned', data: { ...bare, kind: 'NDA' } })
        .then([{ type: 'AgreementSigned', data: { ...bare, kind: 'NDA' } }]);
    });

    it('accepts an agreement that ends on the day it takes effect', () =>
      given([])
        .when(signing({ endDate: '2026-01-15' }))
        .then([{ type: 'AgreementSigned', data: { ...signed.data, endDate: '2026-01-15' } }]));

    it('refuses an agreement that ends before it takes effect', () =>
      given([])
        .when(signing({ endDate: '2026-01-14' }))
        .thenThrows(refusals.endBeforeStart));

    it('refuses a negative value', () =>
      given([])
        .when(signing({ value: { amount: '-1.00', currency: 'USD' } }))
        .thenThrows(refusals.valueNegative));

    it('refuses a value that is not an exact decimal', () =>
      given([])
        .when(signing({ value: { amount: '12,50', currency: 'USD' } }))
        .thenThrows('invalid-money'));

    it('records nothing new when the same signing arrives again, however the value is written', () =>
      given([signed])
        .when(signing({ value: { amount: '250000.0', currency: 'USD' } }))
        .then([]));

    it('records nothing new when the same signing arrives again after an amendment', () =>
      given([signed, amended({ endDate: '2027-06-30' })])
        .when(sign)
        .then([]));

    it.each([
      ['kind', { kind: 'CLINICAL_TRIAL' as const }],
      ['title', { title: 'Another title' }],
      ['value', { value: { amount: '250000.01', currency: 'USD' } }],
      ['end date', { endDate: '2027-06-30' }],
      ['partner', { partnerId: 'partner-2' }],
      [
        'principal investigator',
        { principalInvestigator: { ...principalInvestigator, department: 'Surgery' } },
      ],
    ])('refuses to sign it again with a different %s', (_field, change) =>
      given([signed]).when(signing(change)).thenThrows(refusals.alreadySigned),
    );
  });

  describe('AmendAgreement', () => {
    it('amends the end date and the value', () =>
      given([signed])
        .when(amend({ endDate: '2027-06-30', value: { amount: '300000', currency: 'USD' }, note: 'Phase 2' }))
        .then([
          amended({
            endDate: '2027-06-30',
            value: { amount: '300000.00', currency: 'USD' },
            note: 'Phase 2',
          }),
        ]));

    it('records an amendment that only carries a note', () =>
      given([signed])
        .when(amend({ note: 'PI changed lab' }))
        .then([amended({ note: 'PI changed lab' })]));

    it('gives an open-ended agreement an end date', () => {
      const { endDate: _endDate, ...openEnded } = signed.data;
      given([{ type: 'AgreementSigned', data: openEnded }])
        .when(amend({ endDate: '2027-01-14' }))
        .then([amended({ endDate: '2027-01-14' })]);
    });

    it('records nothing new when the same amendment arrives again', () =>
      given([signed, amended({ endDate: '2027-06-30' })])
        .when(amend({ endDate: '2027-06-30' }))
        .then([]));

    it('records nothing new when the last amendment arrives again after termination', () =>
      given([signed, amended({ note: 'Scope reduced' }), terminated])
        .when(amend({ note: 'Scope reduced' }))
        .then([]));

    it('refuses an amendment without end date, value or note', () =>
      given([signed]).when(amend({})).thenThrows(refusals.amendmentEmpty));

    it('refuses an amendment whose only note is blank', () =>
      given([signed])
        .when(amend({ note: '  ' }))
        .thenThrows(refusals.amendmentEmpty));

    it('refuses an amendment that repeats the current end date and value', () =>
      given([signed])
        .when(amend({ endDate: '2027-01-14', value: { amount: '250000.00', currency: 'USD' } }))
        .thenThrows(refusals.amendmentEmpty));

    it('refuses to move the end date before the effective date', () =>
      given([signed])
        .when(amend({ endDate: '2026-01-01' }))
        .thenThrows(refusals.endBeforeStart));

    it('refuses a negative value', () =>
      given([signed])
        .when(amend({ value: { amount: '-5', currency: 'USD' } }))
        .thenThrows(refusals.valueNegative));

    it('refuses to amend an agreement that was never signed', () =>
      given([])
        .when(amend({ note: 'x' }))
        .thenThrows(refusals.notFound));

    it('refuses to amend a terminated agreement', () =>
      given([signed, terminated])
        .when(amend({ endDate: '2027-06-30' }))
        .thenThrows(refusals.notActive));

    it('refuses to amend an expired agreement', () =>
      given([signed, expired])
        .when(amend({ endDate: '2027-06-30' }))
        .thenThrows(refusals.notActive));
  });

  describe('TerminateAgreement', () => {
    it('terminates an active agreement', () => given([signed]).when(terminate()).then([terminated]));

    it('terminates an amended agreement', () =>
      given([signed, amended({ note: 'x' })])
        .when(terminate())
        .then([terminated]));

    it('records nothing new when the same termination arrives again', () =>
      given([signed, terminated]).when(terminate()).then([]));

    it('refuses a second, different termination', () =>
      given([signed, terminated])
        .when(terminate('Another reason', '2026-10-01'))
        .thenThrows(refusals.notActive));

    it('refuses to terminate an expired agreement', () =>
      given([signed, expired]).when(terminate()).thenThrows(refusals.notActive));

    it('refuses to terminate an agreement that was never signed', () =>
      given([]).when(terminate()).thenThrows(refusals.notFound));
  });

  describe('ExpireAgreement', () => {
    it('expires an active agreement on its end date', () =>
      given([signed]).when(expire('2027-01-14')).then([expired]));

    it('expires an active agreement after its end date', () =>
      given([signed])
        .when(expire('2027-02-01'))
        .then([{ ...expired, data: { ...expired.data, asOf: '2027-02-01' } }]));

    it('expires on the amended end date', () =>
      given([signed, amended({ endDate: '2027-06-30' })])
        .when(expire('2027-06-30'))
        .then([{ ...expired, data: { ...expired.data, endDate: '2027-06-30', asOf: '2027-06-30' } }]));

    it('refuses to expire an agreement before its end date', () =>
      given([signed]).when(expire('2027-01-13')).thenThrows(refusals.notEndedYet));

    it('refuses to expire an agreement whose end date was extended', () =>
      given([signed, amended({ endDate: '2027-06-30' })])
        .when(expire('2027-01-14'))
        .thenThrows(refusals.notEndedYet));

    it('refuses to expire an open-ended agreement', () => {
      const { endDate: _endDate, ...openEnded } = signed.data;
      given([{ type: 'AgreementSigned', data: openEnded }])
        .when(expire('2030-01-01'))
        .thenThrows(refusals.notEndedYet);
    });

    it('records nothing new when the timer fires again on an expired agreement', () =>
      given([signed, expired]).when(expire('2027-01-15')).then([]));

    it('refuses to expire a terminated agreement', () =>
      given([signed, terminated]).when(expire('2027-01-14')).thenThrows(refusals.notActive));

    it('refuses to expire an agreement that was never signed', () =>
      given([]).when(expire('2027-01-14')).thenThrows(refusals.notFound));
  });

  describe('evolve', () => {
    it('starts not signed', () => {
      expect(fold(researchAgreementDecider, [])).toEqual({ status: 'not-signed' });
    });

    it('keeps the current terms and counts amendments', () => {
      const state = fold(researchAgreementDecider, [
        signed,
        amended({ endDate: '2027-06-30' }),
        amended({ value: { amount: '300000.00', currency: 'USD' }, amendedOn: '2026-07-01' }),
      ]);
      expect(state).toMatchObject({
        status: 'active',
        partnerId: 'partner-1',
        kind: 'SPONSORED_RESEARCH',
        title: 'Soft actuators for surgical robotics',
        value: { amount: '300000.00', currency: 'USD' },
        effectiveDate: '2026-01-15',
        endDate: '2027-06-30',
        principalInvestigator,
        amendments: 2,
        signed: signed.data,
      });
    });

    it('records the termination', () => {
      expect(fold(researchAgreementDecider, [signed, terminated])).toMatchObject({
        status: 'terminated',
        termination: { reason: 'Sponsor withdrew funding', terminatedOn: '2026-09-30' },
        amendments: 0,
      });
    });

    it('records the expiry', () => {
      expect(fold(researchAgreementDecider, [signed, expired])).toMatchObject({
        status: 'expired',
        expiredAsOf: '2027-01-14',
        endDate: '2027-01-14',
      });
    });
  });
});
