import { fold } from '@continuum/kernel';
import { specificationFor } from '@continuum/kernel/testing';
import {
  licenseDecider,
  licenseEventTypes,
  licenseStream,
  type LicenseExecuted,
  type LicenseTerminated,
  type RecordLicenseExecuted,
  type TerminateLicense,
} from './license';

const given = specificationFor(licenseDecider);

const record: RecordLicenseExecuted = {
  type: 'RecordLicenseExecuted',
  data: {
    licenseId: 'L-2026-004',
    partnerId: 'partner-1',
    technology: 'Soft gripper actuator (UR-1187)',
    licenseType: 'EXCLUSIVE',
    upfrontFee: { amount: '75000.5', currency: 'USD' },
    executedOn: '2026-02-10',
  },
};

const executed: LicenseExecuted = {
  type: 'LicenseExecuted',
  data: { ...record.data, upfrontFee: { amount: '75000.50', currency: 'USD' } },
};

const terminate: TerminateLicense = {
  type: 'TerminateLicense',
  data: { licenseId: 'L-2026-004', reason: 'Milestones missed', terminatedOn: '2027-08-31' },
};

const terminated: LicenseTerminated = {
  type: 'LicenseTerminated',
  data: {
    licenseId: 'L-2026-004',
    partnerId: 'partner-1',
    reason: 'Milestones missed',
    terminatedOn: '2027-08-31',
  },
};

const withData = (data: Partial<RecordLicenseExecuted['data']>): RecordLicenseExecuted => ({
  ...record,
  data: { ...record.data, ...data },
});

describe('License', () => {
  it('names its stream license-<licenseId> and lists its event types', () => {
    expect(licenseStream('L-2026-004')).toBe('license-L-2026-004');
    expect(licenseEventTypes).toEqual(['LicenseExecuted', 'LicenseTerminated']);
  });

  describe('RecordLicenseExecuted', () => {
    it('records an executed license, with its upfront fee normalised to an exact decimal', () =>
      given([]).when(record).then([executed]));

    it('records an option without an upfront fee', () => {
      const { upfrontFee: _upfrontFee, ...withoutFee } = record.data;
      given([])
        .when({ type: 'RecordLicenseExecuted', data: { ...withoutFee, licenseType: 'OPTION' } })
        .then([{ type: 'LicenseExecuted', data: { ...withoutFee, licenseType: 'OPTION' } }]);
    });

    it('records a royalty-only license with an upfront fee of zero', () =>
      given([])
        .when(withData({ licenseType: 'NON_EXCLUSIVE', upfrontFee: { amount: '0', currency: 'USD' } }))
        .then([
          {
            type: 'LicenseExecuted',
            data: {
              ...executed.data,
              licenseType: 'NON_EXCLUSIVE',
              upfrontFee: { amount: '0.00', currency: 'USD' },
            },
          },
        ]));

    it('records nothing new when the same license is recorded again with identical data', () =>
      given([executed]).when(record).then([]));

    it('records nothing new when the same license is recorded again after it was terminated', () =>
      given([executed, terminated]).when(record).then([]));

    it('refuses to record the same license again with a different license type', () =>
      given([executed])
        .when(withData({ licenseType: 'NON_EXCLUSIVE' }))
        .thenThrows('license-already-recorded'));

    it('refuses to record the same license again with a different upfront fee', () =>
      given([executed])
        .when(withData({ upfrontFee: { amount: '75000', currency: 'USD' } }))
        .thenThrows('license-already-recorded'));

    it('refuses a negative upfront fee', () =>
      given([])
        .when(withData({ upfrontFee: { amount: '-0.01', currency: 'USD' } }))
        .thenThrows('license-upfront-fee-negative'));
  });

  describe('TerminateLicense', () => {
    it('terminates an executed license', () => given([executed]).when(terminate).then([terminated]));

    it('terminates nothing new when the same termination is recorded again', () =>
      given([executed, terminated]).when(terminate).then([]));

    it('refuses to terminate a license again with a different reason', () =>
      given([executed, terminated])
        .when({ ...terminate, data: { ...terminate.data, reason: 'Licensee insolvent' } })
        .thenThrows('license-already-terminated'));

    it('refuses to terminate a license before it was executed', () =>
      given([executed])
        .when({ ...terminate, data: { ...terminate.data, terminatedOn: '2026-02-09' } })
        .thenThrows('license-terminated-before-execution'));

    it('refuses to terminate a license that was never recorded', () =>
      given([]).when(terminate).thenThrows('license-not-found'));
  });

  describe('evolve', () => {
    it('folds an executed and terminated license into its state', () => {
      expect(fold(licenseDecider, [executed, terminated])).toEqual({
        status: 'terminated',
        license: executed.data,
        termination: terminated.data,
      });
    });
  });
});
