import type { DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import type { AppRole, Config } from '../config/config.schema';
import { ConfigError, loadConfig } from '../config/load-config';
import { createRootLogger } from '../logging/logging';
import { createNestApplication } from './create-nest-application';
import { startInfrastructure, type Infrastructure } from './infrastructure';
import { StartupError } from './startup-error';

export interface ApplicationContext {
  readonly role: AppRole;
  readonly infrastructure: Infrastructure;
  readonly logger: Logger;
}

export interface RunApplicationOptions {
  /** Overrides APP_ROLE, e.g. the worker entry point always runs as `worker`. */
  readonly role?: AppRole;
  readonly compose: (context: ApplicationContext) => DynamicModule;
}

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

function fail(error: unknown): never {
  const expected = error instanceof StartupError || error instanceof ConfigError;
  const detail = expected ? error.message : error instanceof Error ? (error.stack ?? error.message) : error;
  process.stderr.write(`continuum: start-up failed: ${String(detail)}\n`);
  process.exit(1);
}

class Interrupted extends Error {}

/** Until Nest's shutdown hooks are in place, a signal stops start-up at the next step. */
function trapSignalsDuringStartup(): { stopIfSignalled(): void; release(): void } {
  let signalled = false;
  const onSignal = (): void => {
    signalled = true;
  };
  SHUTDOWN_SIGNALS.forEach((signal) => process.on(signal, onSignal));
  return {
    stopIfSignalled: () => {
      if (signalled) throw new Interrupted();
    },
    release: () => SHUTDOWN_SIGNALS.forEach((signal) => process.off(signal, onSignal)),
  };
}

function loadConfigOrFail(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    return fail(error);
  }
}

/**
 * Starts a Continuum process: config, then the database (embedded when DATABASE_URL is unset), then the
 * event store, then Nest. SIGINT/SIGTERM close HTTP, modules, pools, the event store, the embedded
 * server, and exit 0.
 */
export async function runApplication(options: RunApplicationOptions): Promise<void> {
  const started = Date.now();
  const config = loadConfigOrFail();
  const role = options.role ?? config.APP_ROLE;
  const logger = createRootLogger(config, role);
  const signals = trapSignalsDuringStartup();
  let infrastructure: Infrastructure | undefined;
  let app: NestExpressApplication | undefined;
  try {
    infrastructure = await startInfrastructure(config, logger);
    signals.stopIfSignalled();
    app = await createNestApplication(options.compose({ role, infrastructure, logger }), {
      serveOpenApi: role !== 'worker',
    });
    signals.stopIfSignalled();
    // Nest takes the signals over; process.exit(0) once every shutdown hook has run.
    app.enableShutdownHooks([...SHUTDOWN_SIGNALS], { useProcessExit: true });
    signals.release();
    await app.listen(config.PORT).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      throw new StartupError(`PORT ${config.PORT} is already in use by another process`);
    });
    logger.info({ port: config.PORT, startupMs: Date.now() - started }, 'Continuum is serving');
  } catch (error) {
    signals.release();
    // Once Nest exists it owns the shutdown: app.close() runs PlatformLifecycle, which closes the rest.
    await (app ? app.close() : infrastructure?.close())?.catch(() => undefined);
    if (error instanceof Interrupted) process.exit(0);
    fail(error);
  }
}
