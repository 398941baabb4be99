import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi('openapi');
});

afterAll(async () => {
  await api.close();
});

interface Operation {
  'x-roles'?: string[];
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

describe('OpenAPI document', () => {
  it('describes every /v1 route with the roles allowed and its problem types', async () => {
    const response = await api.request<{ paths: Record<string, Record<string, Operation>> }>(
      'GET',
      '/docs/openapi.json',
    );
    expect(response.status).toBe(200);
    const operations = Object.entries(response.body.paths)
      .filter(([path]) => path.startsWith('/v1/'))
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({ route: `${method} ${path}`, operation })),
      );
    expect(operations.length).toBeGreaterThan(50);
    const withoutRoles = operations
      .filter(({ operation }) => !operation['x-roles']?.length)
      .map((o) => o.route);
    expect(withoutRoles).toEqual([]);
    const withoutProblems = operations
      .filter(({ operation }) =>
        Object.values(operation.responses ?? {}).every((r) => !r.content?.['application/problem+json']),
      )
      .map((o) => o.route);
    expect(withoutProblems).toEqual([]);
  });
});
