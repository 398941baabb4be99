import {
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@continuum/event-store';
import { CONFIG, ConfigError, DATABASE_URL, HealthRegistry, type Config } from '@continuum/platform';
import {
  ReadModelAssignmentResolver,
  registerPlaybooks,
  systemClock,
  WORKFLOW_CLOCK,
  WorkflowRuntime,
  WorkflowsConfigurationError,
  type AnyPlaybook,
  type Clock,
} from '@continuum/workflows';
import { Pool } from 'pg';
import { Registry } from 'prom-client';
import { allPlaybooks } from './all-playbooks';
import { loadWorkflowsConfiguration } from './workflows-configuration';
import { WorkflowsHealthIndicator } from './workflows-health';
import { registerWorkflowMetrics } from './workflows-metrics';

/** Injection token for the playbooks this process knows (all of them unless a test says otherwise). */
export const WORKFLOW_PLAYBOOKS = Symbol('WORKFLOW_PLAYBOOKS');

function registeredOrConfigError(playbooks: readonly AnyPlaybook[], config: Config) {
  try {
    return registerPlaybooks(playbooks, loadWorkflowsConfiguration(config));
  } catch (error) {
    if (error instanceof WorkflowsConfigurationError)
      throw new ConfigError(
        error.problems.map((problem) => `WORKFLOWS_CONFIG/WORKFLOW_SETTINGS: ${problem}`),
      );
    throw error;
  }
}

@Injectable()
class WorkflowsLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Workflows');
  private readonly pool: Pool;
  readonly runtime: WorkflowRuntime;
  private readonly disabled: readonly string[];

  constructor(
    @Inject(CONFIG) config: Config,
    @Inject(DATABASE_URL) databaseUrl: string,
    @Inject(EVENT_STORE) eventStore: EventStore,
    @Inject(WORKFLOW_CLOCK) clock: Clock,
    @Inject(WORKFLOW_PLAYBOOKS) playbooks: readonly AnyPlaybook[],
    @Inject(CommandBus) commands: CommandBus,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
    @Inject(Registry) private readonly metrics: Registry,
  ) {
    const { registered, disabled } = registeredOrConfigError(playbooks, config);
    this.disabled = disabled;
    // Its own small pool: feed runners, timers, retries and the dispatcher each hold a connection only per transaction.
    this.pool = new Pool({ connectionString: databaseUrl, application_name: 'continuum-workflows', max: 4 });
    this.pool.on('error', (error) => this.logger.warn(`Idle workflow connection lost: ${error.message}`));
    const observed = registerWorkflowMetrics(this.metrics, () => this.runtime);
    this.runtime = new WorkflowRuntime(
      {
        playbooks: registered,
        eventStore,
        pool: this.pool,
        databaseUrl,
        clock,
        commands,
        resolver: new ReadModelAssignmentResolver(this.pool),
      },
      {
        onError: (error) => this.logger.error(error.message),
        onTimersFired: (fired, at) => observed.timersFired(fired, at),
        onCommandsDispatched: (done, failed) => observed.commandsDispatched(done, failed),
      },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    this.health.register(new WorkflowsHealthIndicator(this.runtime, this.disabled));
    await this.runtime.start();
    this.logger.log(
      `Running playbooks: ${this.runtime.playbookNames.join(', ') || '(none)'}` +
        (this.disabled.length > 0 ? `; disabled: ${this.disabled.join(', ')}` : ''),
    );
  }

  // Before PlatformLifecycle closes the event store the dispatcher appends through.
  async onModuleDestroy(): Promise<void> {
    await this.runtime.stop();
    await this.pool.end();
  }
}

/** Durable playbooks: feed runners, timers, retries and command dispatch, shared across worker processes. */
@Module({
  providers: [
    { provide: WORKFLOW_CLOCK, useValue: systemClock },
    { provide: WORKFLOW_PLAYBOOKS, useValue: allPlaybooks },
    WorkflowsLifecycle,
  ],
})
export class WorkflowsModule {}
