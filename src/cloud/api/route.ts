// One resource-API route: its contract (params, body, responses per status) beside its handler.
// The plugin registers these with Fastify; openapi.ts documents them; nothing else lists routes.
import type { App } from '../../app.ts';
import type { ApiErrorBody, ApiErrorCode } from './contract.ts';
import type { JsonSchema } from './schemas.ts';

export interface Caller {
  userId: string;
  clientId: string;
  scopes: string[];
  grantId: string;
  expiresAt: number;
}

export interface RouteContext {
  app: App;
  caller: Caller;
  params: Record<string, string>;
  body: unknown;
}

export interface ResponseDoc {
  description: string;
  schema: JsonSchema;
}

export interface ApiRoute {
  method: 'GET' | 'POST';
  /** Path below /api/v1 in Fastify's syntax (`/devices/:id`). */
  path: string;
  operationId: string;
  summary: string;
  /** Scope the token must carry; undefined means any valid token. */
  scope?: string;
  params?: JsonSchema;
  body?: JsonSchema;
  /** Success status → body. Error statuses are added from the route's shape (see errorResponses). */
  success: { status: 200 | 201; description: string; schema: JsonSchema };
  /** Error statuses this route can answer beyond the ones every protected route has. */
  errors?: number[];
  handler(ctx: RouteContext): Promise<unknown>;
}

/** A failure with its HTTP status and the JSON error body (the only way a handler reports one). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
    readonly wwwAuthenticate?: string,
  ) {
    super(body.error_description);
    this.name = 'ApiError';
  }
}

export function apiError(
  status: number,
  error: ApiErrorCode,
  description: string,
  extra: Omit<ApiErrorBody, 'error' | 'error_description'> = {},
): ApiError {
  return new ApiError(status, { error, error_description: description, ...extra });
}

/** What each error status means; every route documents the ones it can answer. */
export const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'invalid_request: the Authorization header, parameters or body are malformed.',
  401: 'invalid_token: the token is expired (reason "expired") or invalid (any other reason). WWW-Authenticate: Bearer error="invalid_token".',
  403: 'insufficient_scope: the token lacks the scope this route needs.',
  404: "not_found: the endpoint does not exist or is not the caller's.",
  422: 'invalid_value: the device refuses the value (validRange when it has one).',
  500: 'server_error: a fault in the API.',
  502: 'device_unreachable, reason "offline": the device is not connected; or device_fault: the device answered but reported a failure (reason "device_error": its own error; "invalid_state": it acknowledged with a state its type does not have, so the command may have taken effect).',
  503: 'temporarily_unavailable: the token store, authorization server or database does not answer. Not a verdict on the token.',
  504: 'device_unreachable, reason "timeout": the device did not acknowledge in time.',
};

/** Every protected route can answer these. */
export const COMMON_ERRORS = [400, 401, 500, 503];

export function errorStatuses(route: ApiRoute): number[] {
  const set = new Set([...COMMON_ERRORS, ...(route.scope ? [403] : []), ...(route.errors ?? [])]);
  return [...set].sort((a, b) => a - b);
}
