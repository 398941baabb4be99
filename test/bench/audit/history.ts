import type { NewEvent } from '@continuum/event-store';
import { randomUUID } from 'node:crypto';

/** One append: a stream and the events it gets, at a business time. */
export interface Step {
  readonly stream: string;
  readonly events: readonly NewEvent[];
}

const DAY = 86_400_000;
const usd = (amount: number) => ({ amount: `${amount}.00`, currency: 'USD' });
const day = (at: Date): string => at.toISOString().slice(0, 10);

/**
 * A partner's history of about `target` events over three years of business time, in business-time
 * order: interactions, owner and tier changes, gifts and acknowledgements, tasks created, assigned and
 * completed, research agreements signed and expired, pledges made and paid (each line item its own stream).
 */
export function partnerHistory(partnerId: string, target: number, start: Date, actor = 'bench'): Step[] {
  const steps: Step[] = [];
  let count = 0;
  let at = start.getTime();
  const step = (stream: string, type: string, data: Record<string, unknown>, occurredAt = new Date(at)) => {
    steps.push({
      stream,
      events: [
        {
          id: randomUUID(),
          type,
          data: { partnerId, ...data },
          metadata: {
            occurredAt: occurredAt.toISOString(),
            actor,
            sourceSystem: 'bench',
            correlationId: randomUUID(),
          },
        },
      ],
    });
    count += 1;
  };
  const partner = `partner-${partnerId}`;
  step(partner, 'PartnerRegistered', {
    name: `Partner ${partnerId}`,
    tier: 'prospect',
    registeredVia: 'staff',
  });
  const stepMs = (3 * 365 * DAY) / target;
  for (let i = 0; count < target; i += 1) {
    at += stepMs * 2.1; // about 2.1 events per step on average: three years in all
    const now = new Date(at);
    switch (i % 10) {
      case 0:
      case 1:
      case 2:
        step(partner, 'InteractionLogged', {
          interactionId: randomUUID(),
          kind: 'meeting',
          occurredAt: now.toISOString(),
          summary: `Meeting ${i}`,
          staffIds: ['olivia'],
          contactIds: [],
        });
        break;
      case 3:
      case 4: {
        const giftId = randomUUID();
        step(`gift-${giftId}`, 'GiftReceived', {
          giftId,
          amount: usd(1000 + (i % 97) * 10),
          giftType: 'CASH',
          designation: 'Robotics lab',
          receivedOn: day(now),
        });
        step(
          `gift-${giftId}`,
          'GiftAcknowledged',
          { giftId, acknowledgedBy: 'olivia', acknowledgedAt: new Date(at + DAY).toISOString() },
          new Date(at + DAY),
        );
        break;
      }
      case 5:
      case 6: {
        const taskId = randomUUID();
        const task = {
          taskId,
          kind: 'call',
          title: `Follow up ${i}`,
          dueAt: new Date(at + 7 * DAY).toISOString(),
        };
        step(`task-${taskId}`, 'TaskCreated', {
          ...task,
          assignee: { team: 'corporate-relations' },
          origin: { createdBy: 'olivia' },
          createdAt: now.toISOString(),
        });
        step(`task-${taskId}`, 'TaskAssigned', {
          ...task,
          staffId: 'olivia',
          assignedBy: 'maria',
          assignedAt: now.toISOString(),
        });
        if (i % 20 !== 5)
          step(
            `task-${taskId}`,
            'TaskCompleted',
            { taskId, outcome: 'done', completedBy: 'olivia', completedAt: now.toISOString() },
            new Date(at + 2 * DAY),
          );
        break;
      }
      case 7: {
        const agreementId = randomUUID();
        const endDate = day(new Date(at + 180 * DAY));
        step(`agreement-${agreementId}`, 'AgreementSigned', {
          agreementId,
          kind: 'SPONSORED_RESEARCH',
          title: `Study ${i}`,
          value: usd(50_000),
          effectiveDate: day(now),
          endDate,
        });
        step(
          `agreement-${agreementId}`,
          'AgreementExpired',
          { agreementId, endDate },
          new Date(at + 180 * DAY),
        );
        break;
      }
      case 8: {
        const pledgeId = randomUUID();
        step(`pledge-${pledgeId}`, 'PledgeMade', {
          pledgeId,
          amount: usd(10_000),
          designation: 'Scholarships',
          madeOn: day(now),
        });
        step(
          `pledge-${pledgeId}`,
          'PledgePaymentApplied',
          {
            pledgeId,
            giftId: randomUUID(),
            amount: usd(5_000),
            paidOn: day(new Date(at + 30 * DAY)),
            outstanding: usd(5_000),
          },
          new Date(at + 30 * DAY),
        );
        break;
      }
      default:
        step(
          partner,
          i % 20 === 9 ? 'TierChanged' : 'RelationshipOwnerAssigned',
          i % 20 === 9
            ? { from: 'engaged', to: 'engaged', reason: 'annual review' }
            : { staffId: i % 40 === 9 ? 'olivia' : 'oscar' },
        );
    }
  }
  return steps;
}
