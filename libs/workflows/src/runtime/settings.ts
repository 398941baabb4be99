import type { AnyPlaybook } from '../playbook';
import type { RegisteredPlaybook } from './registered-playbook';

/** An office's workflow configuration: per playbook, on or off and settings over its defaults. */
export interface WorkflowsConfiguration {
  /** false turns every playbook off. */
  readonly enabled?: boolean;
  readonly playbooks?: Readonly<
    Record<string, { readonly enabled?: boolean; readonly settings?: Readonly<Record<string, unknown>> }>
  >;
}

export class WorkflowsConfigurationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid workflow configuration: ${problems.join('; ')}`);
    this.name = 'WorkflowsConfigurationError';
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const kindOf = (value: unknown): string =>
  Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;

/** Overrides merged into defaults: objects key by key, anything else replaced; a key or type the defaults lack is refused. */
function mergeSettings(defaults: unknown, override: unknown, path: string, problems: string[]): unknown {
  if (!isPlainObject(override)) {
    if (kindOf(defaults) !== kindOf(override))
      problems.push(`${path} must be ${kindOf(defaults)}, got ${kindOf(override)}`);
    return override;
  }
  if (!isPlainObject(defaults)) {
    problems.push(`${path} must be ${kindOf(defaults)}, got object`);
    return override;
  }
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(override)) {
    if (!(key in defaults)) problems.push(`${path}.${key} is not a setting of this playbook`);
    else merged[key] = mergeSettings(defaults[key], value, `${path}.${key}`, problems);
  }
  return merged;
}

/** Parses `{ "enabled"?, "playbooks"?: { name: { "enabled"?, "settings"? } } }` from JSON text or a parsed value. */
export function parseWorkflowsConfiguration(value: unknown, source: string): WorkflowsConfiguration {
  const problems: string[] = [];
  if (!isPlainObject(value)) throw new WorkflowsConfigurationError([`${source} must be an object`]);
  const { enabled, playbooks, ...rest } = value;
  Object.keys(rest).forEach((key) => problems.push(`${source}: unknown key "${key}"`));
  if (enabled !== undefined && typeof enabled !== 'boolean')
    problems.push(`${source}.enabled must be a boolean`);
  if (playbooks !== undefined && !isPlainObject(playbooks))
    problems.push(`${source}.playbooks must be an object`);
  for (const [name, entry] of Object.entries(isPlainObject(playbooks) ? playbooks : {})) {
    if (!isPlainObject(entry)) {
      problems.push(`${source}.playbooks.${name} must be an object`);
      continue;
    }
    const { enabled: on, settings, ...other } = entry;
    Object.keys(other).forEach((key) => problems.push(`${source}.playbooks.${name}: unknown key "${key}"`));
    if (on !== undefined && typeof on !== 'boolean')
      problems.push(`${source}.playbooks.${name}.enabled must be a boolean`);
    if (settings !== undefined && !isPlainObject(settings))
      problems.push(`${source}.playbooks.${name}.settings must be an object`);
  }
  if (problems.length > 0) throw new WorkflowsConfigurationError(problems);
  return value;
}

/** Later configurations win, playbook by playbook and setting by setting. */
export function combineConfigurations(
  ...configurations: readonly WorkflowsConfiguration[]
): WorkflowsConfiguration {
  const playbooks: Record<string, { enabled?: boolean; settings?: Record<string, unknown> }> = {};
  let enabled: boolean | undefined;
  for (const configuration of configurations) {
    enabled = configuration.enabled ?? enabled;
    for (const [name, entry] of Object.entries(configuration.playbooks ?? {})) {
      const previous = playbooks[name] ?? {};
      playbooks[name] = {
        ...previous,
        ...(entry.enabled === undefined ? {} : { enabled: entry.enabled }),
        settings: { ...previous.settings, ...entry.settings },
      };
    }
  }
  return { ...(enabled === undefined ? {} : { enabled }), playbooks };
}

/** The playbooks to run, each with its settings; refuses configuration naming unknown playbooks or settings. */
export function registerPlaybooks(
  playbooks: readonly AnyPlaybook[],
  configuration: WorkflowsConfiguration = {},
): { readonly registered: readonly RegisteredPlaybook[]; readonly disabled: readonly string[] } {
  const problems: string[] = [];
  const names = new Set(playbooks.map((playbook) => playbook.name));
  if (names.size !== playbooks.length) problems.push('two playbooks share a name');
  for (const name of Object.keys(configuration.playbooks ?? {}))
    if (!names.has(name))
      problems.push(`playbooks.${name}: no such playbook (known: ${[...names].join(', ')})`);
  const registered: RegisteredPlaybook[] = [];
  const disabled: string[] = [];
  for (const playbook of playbooks) {
    const entry = configuration.playbooks?.[playbook.name];
    const settings = entry?.settings
      ? mergeSettings(
          playbook.defaultSettings,
          entry.settings,
          `playbooks.${playbook.name}.settings`,
          problems,
        )
      : playbook.defaultSettings;
    if (configuration.enabled === false || entry?.enabled === false) disabled.push(playbook.name);
    else registered.push({ playbook, settings });
  }
  if (problems.length > 0) throw new WorkflowsConfigurationError(problems);
  return { registered, disabled };
}
