import type { AnyPlaybook } from '../playbook';
import {
  combineConfigurations,
  parseWorkflowsConfiguration,
  registerPlaybooks,
  WorkflowsConfigurationError,
} from './settings';

const playbook = (name: string, defaultSettings: unknown): AnyPlaybook => ({
  name,
  eventTypes: [],
  instanceOf: () => undefined,
  initialState: () => ({}),
  react: (state) => ({ state, actions: [] }),
  defaultSettings,
});

const gift = playbook('gift-received', {
  acknowledgeWithinHours: 48,
  majorGiftThreshold: { amount: '25000.00', currency: 'USD' },
  team: 'advancement',
});
const overdue = playbook('overdue-task', { escalateAfterDays: 2 });

const problemsOf = (run: () => unknown): readonly string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof WorkflowsConfigurationError) return error.problems;
    throw error;
  }
  throw new Error('expected a configuration error');
};

describe('Workflow settings', () => {
  it('runs every playbook on its defaults when nothing is configured', () => {
    expect(registerPlaybooks([gift, overdue])).toEqual({
      registered: [
        { playbook: gift, settings: gift.defaultSettings },
        { playbook: overdue, settings: overdue.defaultSettings },
      ],
      disabled: [],
    });
  });

  it('merges an office override into the defaults, key by key', () => {
    const configuration = parseWorkflowsConfiguration(
      { playbooks: { 'gift-received': { settings: { majorGiftThreshold: { amount: '50000.00' } } } } },
      'WORKFLOW_SETTINGS',
    );
    expect(registerPlaybooks([gift], configuration).registered[0]?.settings).toEqual({
      acknowledgeWithinHours: 48,
      majorGiftThreshold: { amount: '50000.00', currency: 'USD' },
      team: 'advancement',
    });
  });

  it('turns off one playbook, or all of them', () => {
    const one = parseWorkflowsConfiguration({ playbooks: { 'overdue-task': { enabled: false } } }, 'file');
    expect(registerPlaybooks([gift, overdue], one).disabled).toEqual(['overdue-task']);
    expect(registerPlaybooks([gift, overdue], { enabled: false })).toEqual({
      registered: [],
      disabled: ['gift-received', 'overdue-task'],
    });
  });

  it('lets the inline settings win over the file, setting by setting', () => {
    const file = { playbooks: { 'gift-received': { settings: { acknowledgeWithinHours: 24, team: 'x' } } } };
    const inline = { playbooks: { 'gift-received': { settings: { team: 'advancement-east' } } } };
    expect(combineConfigurations(file, inline).playbooks?.['gift-received']?.settings).toEqual({
      acknowledgeWithinHours: 24,
      team: 'advancement-east',
    });
  });

  it('refuses unknown playbooks, unknown settings and values of the wrong type', () => {
    const configuration = {
      playbooks: {
        'gift-recieved': { enabled: false },
        'overdue-task': { settings: { escalateAfterDays: '2', escalateTo: 'ceo' } },
      },
    };
    expect(problemsOf(() => registerPlaybooks([gift, overdue], configuration))).toEqual([
      'playbooks.gift-recieved: no such playbook (known: gift-received, overdue-task)',
      'playbooks.overdue-task.settings.escalateAfterDays must be number, got string',
      'playbooks.overdue-task.settings.escalateTo is not a setting of this playbook',
    ]);
    expect(problemsOf(() => parseWorkflowsConfiguration({ playbook: {} }, 'WORKFLOW_SETTINGS'))).toEqual([
      'WORKFLOW_SETTINGS: unknown key "playbook"',
    ]);
  });
});
