import type { CommandContext } from '@continuum/kernel';
import { toCampusEvent, type CampusEventType } from '../contract';
import { allTypesInOrder, sampleEvent } from '../testing/campus-event-samples';
import { campusEventSources as sources } from '../testing/campus-sources';
import { translate } from './translation';

const company = { system: 'advancement', id: 'ORG-1', name: 'Acme' };
const context = (step: string): CommandContext => ({ metadata: { step }, idempotencyKey: `key|${step}` });
const translated = (type: CampusEventType) =>
  translate(toCampusEvent(sampleEvent(type, company, 'r1'), { sources }));

describe('translate', () => {
  it.each([
    ['edu.university.research.agreement-signed.v1', [['agreement-AG-r1', 'RecordAgreementSigned']]],
    ['edu.university.research.agreement-amended.v1', [['agreement-AG-r1', 'AmendAgreement']]],
    ['edu.university.research.agreement-terminated.v1', [['agreement-AG-r1', 'TerminateAgreement']]],
    ['edu.university.careers.intern-placed.v1', [['placement-PL-r1', 'RecordInternPlaced']]],
    ['edu.university.careers.placement-completed.v1', [['placement-PL-r1', 'RecordPlacementCompleted']]],
    [
      'edu.university.careers.recruiting-event-attended.v1',
      [['recruiting-RE-r1', 'RecordRecruitingEventAttended']],
    ],
    [
      'edu.university.advancement.gift-received.v1',
      [
        ['gift-G-r1', 'RecordGiftReceived'],
        ['pledge-P-r1', 'ApplyPledgePayment'],
      ],
    ],
    ['edu.university.advancement.pledge-made.v1', [['pledge-P-r1', 'RecordPledgeMade']]],
    [
      'edu.university.curriculum.advisory-seat-accepted.v1',
      [['advisory-BRD-r1', 'RecordAdvisorySeatAccepted']],
    ],
    ['edu.university.curriculum.capstone-sponsored.v1', [['capstone-CAP-r1', 'RecordCapstoneSponsored']]],
    [
      'edu.university.workforce.training-contract-signed.v1',
      [['training-TC-r1', 'RecordTrainingContractSigned']],
    ],
    ['edu.university.tech-transfer.license-executed.v1', [['license-LIC-r1', 'RecordLicenseExecuted']]],
  ] as const)('turns %s into commands on the right aggregates', (type, expected) => {
    const commands = translated(type).commands('partner-7', context);
    expect(commands.map((decide) => [decide.stream, decide.command.type])).toEqual(expected);
  });

  it('covers every contract type', () => {
    for (const type of allTypesInOrder)
      expect(translated(type).commands('partner-7', context).length).toBeGreaterThan(0);
  });

  it('names the resolved partner and drops the company reference from the line command', () => {
    const [decide] = translated('edu.university.advancement.pledge-made.v1').commands('partner-7', context);
    expect(decide?.command.data).toEqual({
      pledgeId: 'P-r1',
      partnerId: 'partner-7',
      amount: { amount: '100000.00', currency: 'USD' },
      designation: 'Robotics Lab Equipment Fund',
      madeOn: '2026-01-10',
      dueBy: '2029-01-10',
    });
  });

  it('dates an amendment and a completion by the event time, and requires their line to exist', () => {
    const amendment = translated('edu.university.research.agreement-amended.v1');
    expect(amendment.company).toBeUndefined();
    expect(amendment.references).toEqual([
      expect.objectContaining({ stream: 'agreement-AG-r1', field: 'data.agreementId' }),
    ]);
    expect(amendment.commands(undefined, context)[0]?.command.data).toMatchObject({
      amendedOn: '2026-03-02',
    });
    const completion = translated('edu.university.careers.placement-completed.v1');
    expect(completion.references).toEqual([expect.objectContaining({ stream: 'placement-PL-r1' })]);
    expect(completion.commands(undefined, context)[0]?.command.data).toMatchObject({
      completedOn: '2026-03-02',
    });
  });

  it('gives the pledge payment its own step, so its event ids differ from the gift', () => {
    const [giftCommand, payment] = translated('edu.university.advancement.gift-received.v1').commands(
      'p',
      context,
    );
    expect(giftCommand?.context.idempotencyKey).toBe('key|');
    expect(payment?.context.idempotencyKey).toBe('key|pledge-payment');
  });
});
