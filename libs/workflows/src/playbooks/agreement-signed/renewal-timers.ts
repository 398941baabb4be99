import type { WorkflowAction } from '../../playbook';
import { isBefore, later, plusDays, startOfDay } from '../time';
import type { AgreementSignedSettings } from './agreement-signed.playbook';

export const renewalKey = (agreementId: string): string => `renewal:${agreementId}`;
export const reminderKey = (agreementId: string, days: number): string =>
  `renewal-reminder-${days}:${agreementId}`;

/**
 * Timers for one renewal cycle, relative to `now`: the renewal at once if its day has passed, each
 * reminder only while still ahead. With `cancelStale`, keys that no longer apply are cancelled.
 */
export function renewalTimers(
  agreementId: string,
  endDate: string,
  now: string,
  remindersSent: readonly number[],
  settings: AgreementSignedSettings,
  cancelStale: boolean,
  includeRenewal = true,
): WorkflowAction[] {
  const end = startOfDay(endDate);
  const live = isBefore(now, end);
  const actions: WorkflowAction[] = [];
  const payload = { agreementId };
  if (includeRenewal) {
    if (live)
      actions.push({
        type: 'ScheduleTimer',
        key: renewalKey(agreementId),
        dueAt: later(plusDays(end, -settings.renewalDaysBeforeEnd), now),
        payload,
      });
    else if (cancelStale) actions.push({ type: 'CancelTimer', key: renewalKey(agreementId) });
  }
  for (const days of settings.renewalReminderDaysBeforeEnd) {
    const dueAt = plusDays(end, -days);
    const applies = days < settings.renewalDaysBeforeEnd && !remindersSent.includes(days);
    if (applies && isBefore(now, dueAt))
      actions.push({
        type: 'ScheduleTimer',
        key: reminderKey(agreementId, days),
        dueAt,
        payload: { ...payload, days },
      });
    else if (cancelStale) actions.push({ type: 'CancelTimer', key: reminderKey(agreementId, days) });
  }
  return actions;
}
