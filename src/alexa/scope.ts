// Where the user's access token sits depends on the directive: payload.scope for Discover,
// payload.grantee for AcceptGrant, endpoint.scope for everything else (control and ReportState).
import type { Directive, Scope } from './types.ts';

export type TokenResult =
  { ok: true; token: string; scope: Scope; from: string } | { ok: false; reason: string };

/** Longest token we pass to a verifier; anything longer cannot be one of ours (still a verdict matter, not ours). */
export const MAX_TOKEN_LENGTH = 16 * 1024;

export function scopeLocation(directive: Directive): 'payload.scope' | 'payload.grantee' | 'endpoint.scope' {
  const { namespace, name } = directive.header;
  if (namespace === 'Alexa.Discovery' && name === 'Discover') return 'payload.scope';
  if (namespace === 'Alexa.Authorization' && name === 'AcceptGrant') return 'payload.grantee';
  return 'endpoint.scope';
}

function readScope(raw: unknown, where: string): TokenResult {
  if (raw === undefined || raw === null) return { ok: false, reason: `${where} is missing` };
  if (typeof raw !== 'object' || Array.isArray(raw))
    return { ok: false, reason: `${where} is not an object` };
  const s = raw as Record<string, unknown>;
  if (typeof s.token !== 'string' || s.token.length === 0)
    return { ok: false, reason: `${where}.token is missing or empty` };
  if (s.token.length > MAX_TOKEN_LENGTH)
    return { ok: false, reason: `${where}.token is longer than ${MAX_TOKEN_LENGTH} characters` };
  if (s.type === 'BearerToken')
    return { ok: true, token: s.token, scope: { type: 'BearerToken', token: s.token }, from: where };
  if (s.type === 'BearerTokenWithPartition') {
    if (typeof s.partition !== 'string' || (s.userId !== undefined && typeof s.userId !== 'string'))
      return {
        ok: false,
        reason: `${where} of type BearerTokenWithPartition needs a partition (and userId, if any, a string)`,
      };
    return {
      ok: true,
      token: s.token,
      scope: {
        type: 'BearerTokenWithPartition',
        token: s.token,
        partition: s.partition,
        ...(typeof s.userId === 'string' ? { userId: s.userId } : {}),
      },
      from: where,
    };
  }
  return {
    ok: false,
    reason: `${where}.type ${JSON.stringify(s.type)} is not BearerToken or BearerTokenWithPartition`,
  };
}

/** The access token of a directive, or why there is none. */
export function extractToken(directive: Directive): TokenResult {
  const where = scopeLocation(directive);
  switch (where) {
    case 'payload.scope':
      return readScope(directive.payload.scope, where);
    case 'payload.grantee':
      return readScope(directive.payload.grantee, where);
    case 'endpoint.scope':
      if (!directive.endpoint) return { ok: false, reason: 'directive.endpoint is missing' };
      return readScope(directive.endpoint.scope, where);
  }
}
