// The OpenAPI 3.1 document of the resource API, generated from the routes' own schemas.
import { API_PREFIX, API_SIGNATURE_HEADER } from './contract.ts';
import { ERROR_DESCRIPTIONS, errorStatuses, type ApiRoute } from './route.ts';
import { NAMED_SCHEMAS, errorSchema, type JsonSchema } from './schemas.ts';

type Doc = Record<string, unknown>;

const byIdentity = new Map<unknown, string>(Object.entries(NAMED_SCHEMAS).map(([name, s]) => [s, name]));

/** Replaces named schemas (by identity) with $refs, deeply, except at the top of a component itself. */
function refs(schema: unknown, top = false): unknown {
  if (!top && byIdentity.has(schema)) return { $ref: `#/components/schemas/${byIdentity.get(schema)}` };
  if (Array.isArray(schema)) return schema.map((s) => refs(s));
  if (schema && typeof schema === 'object') {
    return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, refs(v)]));
  }
  return schema;
}

/** `/devices/:id` → `/devices/{id}` */
export function openApiPath(path: string): string {
  return API_PREFIX + path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function json(schema: JsonSchema): Doc {
  return { 'application/json': { schema: refs(schema) } };
}

const signatureHeader = {
  [API_SIGNATURE_HEADER]: {
    description:
      'Always "1" on answers of this API; a 401/403 without it came from a proxy and is not a verdict.',
    schema: { type: 'string', const: '1' },
  },
};

export function openApiDocument(serverUrl: string, routes: ApiRoute[]): Doc {
  const paths: Record<string, Record<string, Doc>> = {};
  for (const route of routes) {
    const responses: Record<string, Doc> = {
      [String(route.success.status)]: {
        description: route.success.description,
        headers: signatureHeader,
        content: json(route.success.schema),
      },
    };
    for (const status of errorStatuses(route)) {
      responses[String(status)] = {
        description: ERROR_DESCRIPTIONS[status] ?? 'error',
        headers: signatureHeader,
        content: json(errorSchema),
      };
    }
    const params = (route.params?.properties ?? {}) as Record<string, JsonSchema>;
    const required = (route.params?.required ?? []) as string[];
    const op: Doc = {
      operationId: route.operationId,
      summary: route.summary,
      security: [{ bearer: route.scope ? [route.scope] : [] }],
      ...(Object.keys(params).length
        ? {
            parameters: Object.entries(params).map(([name, schema]) => ({
              name,
              in: 'path',
              required: required.includes(name),
              schema,
            })),
          }
        : {}),
      ...(route.body ? { requestBody: { required: true, content: json(route.body) } } : {}),
      responses,
    };
    const path = openApiPath(route.path);
    (paths[path] ??= {})[route.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'mylights resource API',
      version: '1',
      description:
        'The device cloud as seen by a linked app (the Alexa skill in Lambda). Bearer tokens from the authorization server (RFC 6750).',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
      schemas: Object.fromEntries(Object.entries(NAMED_SCHEMAS).map(([n, s]) => [n, refs(s, true)])),
    },
    paths,
  };
}
