import { Controller, Get, Inject, Res } from '@nestjs/common';
import { Public } from '@continuum/http';
import type { Response } from 'express';
import { Registry } from 'prom-client';

/** Prometheus scrape endpoint, outside /v1 and without a token like the health probes. */
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(Registry) private readonly registry: Registry) {}

  @Get()
  async scrape(@Res() response: Response): Promise<void> {
    response.type(this.registry.contentType).send(await this.registry.metrics());
  }
}
