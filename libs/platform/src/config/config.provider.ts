import type { Provider } from '@nestjs/common';
import type { Config } from './config.schema';

/** Injection token for the parsed, immutable configuration. */
export const CONFIG = Symbol('CONFIG');

export const provideConfig = (config: Config): Provider => ({
  provide: CONFIG,
  useValue: Object.freeze({ ...config }),
});
