import {
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { CONFIG, TableUpkeep, type Config } from '@continuum/platform';
import { Pool } from 'pg';

@Injectable()
class UpkeepLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('TableUpkeep');
  private upkeep: TableUpkeep | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(Pool) private readonly pool: Pool,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.DATABASE_UPKEEP === 'off' || !(await TableUpkeep.isNeeded(this.pool))) return;
    this.logger.log("The server's autovacuum is off: this worker vacuums and analyzes the tables itself");
    this.upkeep = new TableUpkeep(this.pool, {
      onRound: ({ vacuumed, analyzed }) => {
        if (vacuumed.length + analyzed.length > 0)
          this.logger.debug(
            `Vacuumed ${vacuumed.join(', ') || 'none'}; analyzed ${analyzed.join(', ') || 'none'}`,
          );
      },
      onError: (error) => this.logger.warn(`Table upkeep failed, trying again later: ${error.message}`),
    });
    this.upkeep.start();
  }

  // Before PlatformLifecycle closes the pool it uses.
  async onModuleDestroy(): Promise<void> {
    await this.upkeep?.stop();
  }
}

/** autovacuum's work on this database when the server runs without it (DATABASE_UPKEEP=auto). */
@Module({ providers: [UpkeepLifecycle] })
export class UpkeepModule {}
