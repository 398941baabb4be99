import type { AnyPlaybook } from '../playbook';
import {
  agreementSignedPlaybook,
  type AgreementSignedSettings,
} from './agreement-signed/agreement-signed.playbook';
import { giftReceivedPlaybook, type GiftReceivedSettings } from './gift-received/gift-received.playbook';
import { inactivityPlaybook, type InactivitySettings } from './inactivity/inactivity.playbook';
import { internPlacedPlaybook, type InternPlacedSettings } from './intern-placed/intern-placed.playbook';
import {
  newPartnerReviewPlaybook,
  type NewPartnerReviewSettings,
} from './new-partner-review/new-partner-review.playbook';
import { overdueTaskPlaybook, type OverdueTaskSettings } from './overdue-task/overdue-task.playbook';
import {
  openTaskHandoverPlaybook,
  type OpenTaskHandoverSettings,
} from './staff-deactivated/open-task-handover.playbook';
import {
  staffDeactivatedPlaybook,
  type StaffDeactivatedSettings,
} from './staff-deactivated/staff-deactivated.playbook';
import {
  strategicAccountPlaybook,
  type StrategicAccountSettings,
} from './strategic-account/strategic-account.playbook';

export * from './agreement-signed/agreement-signed.playbook';
export * from './gift-received/gift-received.playbook';
export * from './inactivity/inactivity.playbook';
export * from './intern-placed/intern-placed.playbook';
export * from './new-partner-review/new-partner-review.playbook';
export * from './overdue-task/overdue-task.playbook';
export * from './staff-deactivated/open-task-handover.playbook';
export * from './staff-deactivated/staff-deactivated.playbook';
export * from './strategic-account/strategic-account.playbook';
export { continuumLines, activityLineOf, type ContinuumLine } from './continuum-activity';
export { causeFor } from './causes';

/** Every playbook's settings, by playbook name: what an office may change in configuration. */
export interface PlaybookSettings {
  readonly 'gift-received': GiftReceivedSettings;
  readonly 'agreement-signed': AgreementSignedSettings;
  readonly 'intern-placed': InternPlacedSettings;
  readonly 'strategic-account': StrategicAccountSettings;
  readonly inactivity: InactivitySettings;
  readonly 'new-partner-review': NewPartnerReviewSettings;
  readonly 'overdue-task': OverdueTaskSettings;
  readonly 'staff-deactivated': StaffDeactivatedSettings;
  readonly 'open-task-handover': OpenTaskHandoverSettings;
}

export type PlaybookName = keyof PlaybookSettings;

/** By name; `satisfies` ties each playbook to its entry in PlaybookSettings. */
export const playbooksByName = {
  'gift-received': giftReceivedPlaybook,
  'agreement-signed': agreementSignedPlaybook,
  'intern-placed': internPlacedPlaybook,
  'strategic-account': strategicAccountPlaybook,
  inactivity: inactivityPlaybook,
  'new-partner-review': newPartnerReviewPlaybook,
  'overdue-task': overdueTaskPlaybook,
  'staff-deactivated': staffDeactivatedPlaybook,
  'open-task-handover': openTaskHandoverPlaybook,
} satisfies { readonly [Name in PlaybookName]: { readonly defaultSettings: PlaybookSettings[Name] } };

/** The defaults for every playbook. */
export const defaultPlaybookSettings: PlaybookSettings = {
  'gift-received': giftReceivedPlaybook.defaultSettings,
  'agreement-signed': agreementSignedPlaybook.defaultSettings,
  'intern-placed': internPlacedPlaybook.defaultSettings,
  'strategic-account': strategicAccountPlaybook.defaultSettings,
  inactivity: inactivityPlaybook.defaultSettings,
  'new-partner-review': newPartnerReviewPlaybook.defaultSettings,
  'overdue-task': overdueTaskPlaybook.defaultSettings,
  'staff-deactivated': staffDeactivatedPlaybook.defaultSettings,
  'open-task-handover': openTaskHandoverPlaybook.defaultSettings,
};

/**
 * Every playbook the runtime runs. State and settings are erased to `unknown`: the runtime only
 * stores a playbook's state as JSON and hands it back to the same playbook.
 */
export const allPlaybooks: readonly AnyPlaybook[] = Object.values(playbooksByName).map(
  (playbook) => playbook as unknown as AnyPlaybook,
);
