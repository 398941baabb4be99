import type { IncomingMessage } from 'node:http';
import { correlationIdOf } from './correlation-id';
import { currentCorrelationId, runWithCorrelationId } from './request-context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const request = (headers: Record<string, string | string[]> = {}) =>
  ({ headers }) as unknown as IncomingMessage & { id?: unknown };

describe('correlation id', () => {
  it("keeps the caller's X-Correlation-Id", () => {
    expect(correlationIdOf(request({ 'x-correlation-id': 'crm-sync:4711' }))).toBe('crm-sync:4711');
  });

  it('generates a UUID when the header is missing', () => {
    expect(correlationIdOf(request())).toMatch(UUID);
  });

  it.each([['line\nbreak'], ['x'.repeat(129)], ['<script>'], ['']])(
    'replaces the unusable header value %j with a UUID',
    (value) => {
      expect(correlationIdOf(request({ 'x-correlation-id': value }))).toMatch(UUID);
    },
  );

  it('answers the same id every time it is asked about one request', () => {
    const incoming = request();
    expect(correlationIdOf(incoming)).toBe(correlationIdOf(incoming));
  });

  it('is readable anywhere inside the work it was set for, and only there', async () => {
    const seen = await runWithCorrelationId('abc-123', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentCorrelationId();
    });
    expect(seen).toBe('abc-123');
    expect(currentCorrelationId()).toBeUndefined();
  });
});
