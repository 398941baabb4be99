import { Body, Controller, Logger, Post, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { createRootLogger } from './logging';
import { LoggingModule } from './logging.module';
import { currentCorrelationId } from './request-context';

@Controller('echo')
class EchoController {
  private readonly logger = new Logger('Echo');

  @Post()
  async echo(@Body() body: { n: number }): Promise<{ n: number; correlationId: string | undefined }> {
    await new Promise((resolve) => setTimeout(resolve, 5 * (3 - body.n)));
    this.logger.log(`handling ${body.n}`);
    return { n: body.n, correlationId: currentCorrelationId() };
  }
}

const lines: Record<string, unknown>[] = [];
let app: INestApplication;
let baseUrl: string;

beforeAll(async () => {
  const logger = createRootLogger({ LOG_LEVEL: 'info' }, 'test', {
    write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  const moduleRef = await Test.createTestingModule({
    imports: [LoggingModule.forRoot(logger)],
    controllers: [EchoController],
  }).compile();
  app = moduleRef.createNestApplication();
  app.useLogger(app.get(PinoNestLogger));
  await app.listen(0, '127.0.0.1');
  baseUrl = await app.getUrl();
});

afterAll(async () => {
  await app.close();
});

const post = (n: number, headers: Record<string, string> = {}) =>
  fetch(`${baseUrl}/echo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ n }),
  });

describe('Request logging', () => {
  it('echoes the caller’s correlation id and stamps it on every log line of that request only', async () => {
    const responses = await Promise.all([0, 1, 2].map((n) => post(n, { 'X-Correlation-Id': `corr-${n}` })));
    for (const [n, response] of responses.entries()) {
      expect(response.headers.get('x-correlation-id')).toBe(`corr-${n}`);
      expect(await response.json()).toEqual({ n, correlationId: `corr-${n}` });
      const ofRequest = lines.filter(
        (line) =>
          line.msg === `handling ${n}` ||
          (line.msg === 'request completed' && line.correlationId === `corr-${n}`),
      );
      expect(ofRequest.map((line) => [line.msg, line.correlationId])).toEqual([
        [`handling ${n}`, `corr-${n}`],
        ['request completed', `corr-${n}`],
      ]);
    }
  });

  it('generates a correlation id when the caller sends none, and logs requests without headers', async () => {
    const response = await post(1, { authorization: 'Bearer secret-token' });
    const id = response.headers.get('x-correlation-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toMatchObject({ correlationId: id });
    const completed = lines.find((line) => line.msg === 'request completed' && line.correlationId === id);
    expect(completed).toMatchObject({ req: { method: 'POST', url: '/echo' }, res: { statusCode: 201 } });
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });
});
