import type { Provider } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** One registry per process (not prom-client's global), so in-process test apps never collide. */
export const metricsRegistryProvider: Provider = {
  provide: Registry,
  useFactory: (): Registry => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'continuum_' });
    return registry;
  },
};
