import { Controller, Get, Header, Inject, Logger, Res } from '@nestjs/common';
import { Public } from '@continuum/http';
import type { Response } from 'express';
import { HealthRegistry, type HealthState } from './health-registry';

/** Probes for orchestrators: unauthenticated, outside the /v1 prefix. */
@Public()
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(@Inject(HealthRegistry) private readonly registry: HealthRegistry) {}

  @Get('live')
  @Header('Cache-Control', 'no-store')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Header('Cache-Control', 'no-store')
  async ready(@Res({ passthrough: true }) response: Response): Promise<{
    status: 'ready' | 'not-ready';
    checks: Readonly<Record<string, HealthState>>;
    details: Readonly<Record<string, unknown>>;
  }> {
    const report = await this.registry.readiness();
    if (!report.ready) this.logger.warn({ failures: report.failures }, 'Not ready');
    response.status(report.ready ? 200 : 503);
    return { status: report.ready ? 'ready' : 'not-ready', checks: report.checks, details: report.details };
  }
}
