import type { AnyPlaybook, Playbook } from '../playbook';

/** A playbook as the runtime runs it: with the office's settings merged over its defaults. */
export interface RegisteredPlaybook {
  readonly playbook: AnyPlaybook;
  readonly settings: unknown;
}

/** Erases a playbook's state and settings types: the runtime only stores and passes them back. */
export const asAnyPlaybook = <State, Settings>(playbook: Playbook<State, Settings>): AnyPlaybook =>
  playbook as unknown as AnyPlaybook;
