import { ConfigError, type Config } from '@continuum/platform';
import {
  combineConfigurations,
  parseWorkflowsConfiguration,
  WorkflowsConfigurationError,
  type WorkflowsConfiguration,
} from '@continuum/workflows';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

type WorkflowConfig = Pick<Config, 'WORKFLOWS_CONFIG' | 'WORKFLOW_SETTINGS'>;

function parsed(variable: string, read: () => unknown): WorkflowsConfiguration {
  try {
    return parseWorkflowsConfiguration(read(), variable);
  } catch (error) {
    const reason = error instanceof WorkflowsConfigurationError ? error.problems.join('; ') : String(error);
    throw new ConfigError([`${variable}: ${reason}`]);
  }
}

/** The office's workflow configuration: the file, then the inline JSON over it. Bad input stops start-up. */
export function loadWorkflowsConfiguration(config: WorkflowConfig): WorkflowsConfiguration {
  const parts: WorkflowsConfiguration[] = [];
  const file = config.WORKFLOWS_CONFIG;
  if (file) parts.push(parsed('WORKFLOWS_CONFIG', () => parseYaml(readFileSync(file, 'utf8')) as unknown));
  const inline = config.WORKFLOW_SETTINGS;
  if (inline) parts.push(parsed('WORKFLOW_SETTINGS', () => JSON.parse(inline) as unknown));
  return combineConfigurations(...parts);
}
