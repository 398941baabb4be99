import { configSchema, type Config } from './config.schema';

/** The configuration is unusable; the message names every offending variable, never its value. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const describeVariable = (name: string): string =>
  (configSchema.shape as Partial<Record<string, { description?: string }>>)[name]?.description ?? '';

/** Parses the environment once; throws ConfigError listing each bad or missing variable. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const present = Object.fromEntries(
    Object.keys(configSchema.shape).flatMap((name) => {
      const value = env[name]?.trim();
      return value ? [[name, value]] : [];
    }),
  );
  const result = configSchema.safeParse(present);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '(environment)');
      const description = describeVariable(name);
      return `${name}: ${issue.message}${description ? ` (${description})` : ''}`;
    }),
  );
}
