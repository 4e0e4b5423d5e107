// The resource API's wire contract, shared by the server (src/cloud/api/) and its remote clients
// (the Lambda's RemoteVerifier and remote device-cloud port). No I/O and no dependencies, so the
// Lambda bundle can import it without pulling in the server.
import type { InvalidReason } from '../../auth/verdict.ts';

export const API_PREFIX = '/api/v1';

/**
 * Every answer of the resource API carries this header. A 401/403 without it came from something
 * in between (a proxy, a WAF, a load balancer) and is not a verdict on the token.
 */
export const API_SIGNATURE_HEADER = 'mylights-api';
export const API_SIGNATURE_VALUE = '1';

/** Scope a token needs to act on devices; /me needs only a valid token. */
export const DEVICE_SCOPE = 'devices';

/** Machine reasons of a 401 invalid_token: `expired`, or one of the verifier's invalid reasons. */
export const TOKEN_REASONS = [
  'expired',
  'malformed',
  'unknown',
  'bad_signature',
  'wrong_audience',
  'wrong_issuer',
  'wrong_client',
  'revoked',
  'account_deleted',
  'account_disabled',
] as const;
export type TokenReason = (typeof TOKEN_REASONS)[number];

/** `error` codes of the JSON error body (RFC 6750 codes first, then this API's own). */
export const API_ERRORS = [
  'invalid_request', // 400: missing/garbled Authorization header or a body/params that fail the schema
  'invalid_token', // 401: the token is expired or invalid (reason says which)
  'insufficient_scope', // 403: valid token without the scope the route needs
  'not_found', // 404: no such route, or the endpoint is not the caller's
  'invalid_value', // 422: the device refuses the value (validRange when it has one)
  'device_unreachable', // 502 (offline) / 504 (no acknowledgement in time)
  'device_fault', // 502: the device answered but reported a failure (reason device_error / invalid_state)
  'temporarily_unavailable', // 503: token store, authorization server or database not answering
  'server_error', // 500: our bug
] as const;
export type ApiErrorCode = (typeof API_ERRORS)[number];

export interface ApiErrorBody {
  error: ApiErrorCode;
  /**
   * Machine reason: a TokenReason for invalid_token, 'offline'/'timeout' for device_unreachable,
   * 'device_error'/'invalid_state' for device_fault, ...
   */
  reason?: string;
  error_description: string;
  validRange?: { minimumValue: number; maximumValue: number };
  /** For insufficient_scope: the scope the route needs. */
  scope?: string;
}

export interface ApiMe {
  user: { id: string; email: string };
  token: { clientId: string; scopes: string[]; grantId: string; expiresAt: number };
}

export interface ApiDevice {
  id: string;
  type: 'light' | 'tv' | 'meeting-room';
  name: string;
  online: boolean;
  state: Record<string, unknown>;
  /** Epoch milliseconds of the last state change (timeOfSample). */
  updatedAt: number;
  createdAt: number;
}

export interface ApiDeviceList {
  devices: ApiDevice[];
}

export interface ApiCommand {
  name: string;
  params: Record<string, unknown>;
}

export function isTokenReason(value: unknown): value is TokenReason {
  return typeof value === 'string' && (TOKEN_REASONS as readonly string[]).includes(value);
}

/** The verdict a signed 401 invalid_token states by its reason; undefined for a reason this build does not know. */
export function verdictFromReason(
  reason: unknown,
  now = Date.now(),
): { kind: 'expired'; expiredAt: number } | { kind: 'invalid'; reason: InvalidReason } | undefined {
  if (!isTokenReason(reason)) return undefined;
  if (reason === 'expired') return { kind: 'expired', expiredAt: now };
  return { kind: 'invalid', reason };
}
