import { ConfigError } from '@continuum/platform';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkflowsConfiguration } from './workflows-configuration';

const problemsOf = (run: () => unknown): readonly string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('Workflow configuration from the environment', () => {
  it('reads the YAML file, then lets WORKFLOW_SETTINGS win setting by setting', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'workflows-')), 'workflows.yaml');
    writeFileSync(
      file,
      'playbooks:\n  gift-received:\n    settings:\n      acknowledgeWithinHours: 24\n      team: advancement\n  inactivity:\n    enabled: false\n',
    );
    const configuration = loadWorkflowsConfiguration({
      WORKFLOWS_CONFIG: file,
      WORKFLOW_SETTINGS: '{"playbooks":{"gift-received":{"settings":{"team":"advancement-east"}}}}',
    });
    expect(configuration.playbooks).toEqual({
      'gift-received': { settings: { acknowledgeWithinHours: 24, team: 'advancement-east' } },
      inactivity: { enabled: false, settings: {} },
    });
  });

  it('stops start-up with the variable named when the value is unusable', () => {
    expect(problemsOf(() => loadWorkflowsConfiguration({ WORKFLOW_SETTINGS: '{"playbooks": ' }))).toEqual([
      expect.stringMatching(/^WORKFLOW_SETTINGS: SyntaxError/) as unknown,
    ]);
    expect(
      problemsOf(() => loadWorkflowsConfiguration({ WORKFLOWS_CONFIG: '/nowhere/workflows.yaml' })),
    ).toEqual([expect.stringMatching(/^WORKFLOWS_CONFIG: .*ENOENT/) as unknown]);
    expect(problemsOf(() => loadWorkflowsConfiguration({ WORKFLOW_SETTINGS: '{"enabled":"no"}' }))).toEqual([
      'WORKFLOW_SETTINGS: WORKFLOW_SETTINGS.enabled must be a boolean',
    ]);
  });

  it('is empty when neither variable is set: every playbook on its defaults', () => {
    expect(loadWorkflowsConfiguration({})).toEqual({ playbooks: {} });
  });
});
