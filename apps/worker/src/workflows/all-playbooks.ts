import { allPlaybooks as playbooks, type AnyPlaybook } from '@continuum/workflows';

/** Every playbook the worker runs (an office turns them off or tunes them in WORKFLOWS_CONFIG). */
export const allPlaybooks: readonly AnyPlaybook[] = playbooks;
