import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { errorBodySchema } from './common-schemas.js';
import { POLICY } from './policy.js';
import type { RouteDef } from './route.js';

/**
 * OpenAPI 3.1, generated from the same zod schemas the routes validate with, so the document
 * cannot drift from the code. Served at /api/openapi.json, rendered at /api/docs.
 */
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: errorBodySchema } } });

function operation(def: RouteDef): ZodOpenApiOperationObject {
  const rule = POLICY[def.action];
  const roles = rule.roles === 'public' ? 'anyone' : rule.roles.join(', ');
  const status = String(def.status ?? 200);
  return {
    operationId: `${def.method}${def.path.replace(/\/:?([a-zA-Z]+)/g, (_m, p: string) => p[0]?.toUpperCase() + p.slice(1))}`,
    summary: def.summary,
    description: `Action \`${def.action}\`; roles: ${roles}${rule.scope ? `; API-token scope \`${rule.scope}\`` : ''}.`,
    tags: [def.tag],
    ...(def.params || def.query ? { requestParams: { ...(def.params ? { path: def.params } : {}), ...(def.query ? { query: def.query } : {}) } } : {}),
    ...(def.body ? { requestBody: { required: true, content: { 'application/json': { schema: def.body } } } } : {}),
    responses: {
      [status]:
        status === '204'
          ? { description: 'Done' }
          : { description: 'OK', content: { 'application/json': { schema: def.response ?? z.unknown() } } },
      '400': errorResponse('Invalid input: details name each field path'),
      '401': errorResponse('Not signed in, or the API token is invalid'),
      '403': errorResponse('Not allowed for your role or tenant, or CSRF token missing'),
      '404': errorResponse('Not found (also when the record belongs to another tenant and its existence is sensitive)'),
    },
  };
}

export function buildOpenApi(defs: RouteDef[], version: string): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {};
  for (const def of defs) {
    const path = `/api/v1${def.path.replace(/:([a-zA-Z]+)/g, '{$1}')}`;
    paths[path] = { ...(paths[path] ?? {}), [def.method]: operation(def) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Nhịp Cầu API',
      version,
      description:
        'Hospital social-work platform. Cookie sessions need the x-csrf-token header (from GET /api/v1/auth/session) on writes; partner integrations use Bearer API tokens.',
    },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'nhipcau.sid' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
    },
    security: [{ session: [] }, { bearer: [] }],
    paths,
  });
}
