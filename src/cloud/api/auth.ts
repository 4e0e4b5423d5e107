// Bearer authentication of the resource API (RFC 6750), judged by the app's one verification
// primitive. A transient verdict is a 503, never a 401: only the verifier's verdict may say a
// token is bad, because a 401 invalid_token unlinks the user in Alexa.
import type { TokenVerifier } from '../../auth/verdict.ts';
import { ApiError } from './route.ts';
import type { Caller } from './route.ts';

const REALM = 'mylights';
// RFC 6750 §2.1 b64token.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

function quoted(s: string): string {
  return s.replace(/["\\]/g, '');
}

export function challenge(error?: string, description?: string, scope?: string): string {
  const parts = [`realm="${REALM}"`];
  if (error) parts.push(`error="${error}"`);
  if (description) parts.push(`error_description="${quoted(description)}"`);
  if (scope) parts.push(`scope="${scope}"`);
  return `Bearer ${parts.join(', ')}`;
}

/** The token from the Authorization header; throws the RFC 6750 answer when it is missing or garbled. */
export function bearerToken(header: string | undefined): string {
  if (header === undefined || header.trim() === '') {
    // §3.1: a request without credentials gets a bare challenge, no error code in the header.
    throw new ApiError(
      401,
      { error: 'invalid_request', reason: 'missing_token', error_description: 'a bearer token is required' },
      challenge(),
    );
  }
  const m = BEARER.exec(header.trim());
  if (!m) {
    const d = 'the Authorization header must be "Bearer <token>"';
    throw new ApiError(
      400,
      { error: 'invalid_request', reason: 'malformed_header', error_description: d },
      challenge('invalid_request', d),
    );
  }
  return m[1]!;
}

export async function authenticate(verifier: TokenVerifier, header: string | undefined): Promise<Caller> {
  const token = bearerToken(header);
  const verdict = await Promise.resolve()
    .then(() => verifier.verify(token))
    .catch((err: unknown) => ({
      kind: 'transient' as const,
      cause: err instanceof Error ? err.message : String(err),
    }));
  switch (verdict.kind) {
    case 'valid':
      return {
        userId: verdict.userId,
        clientId: verdict.clientId,
        scopes: verdict.scopes,
        grantId: verdict.grantId,
        expiresAt: verdict.expiresAt,
      };
    case 'expired': {
      const d = 'the access token expired';
      throw new ApiError(
        401,
        { error: 'invalid_token', reason: 'expired', error_description: d },
        challenge('invalid_token', d),
      );
    }
    case 'invalid': {
      const d = `the access token is invalid (${verdict.reason})`;
      throw new ApiError(
        401,
        { error: 'invalid_token', reason: verdict.reason, error_description: d },
        challenge('invalid_token', d),
      );
    }
    case 'transient':
      throw new ApiError(503, {
        error: 'temporarily_unavailable',
        reason: 'verifier',
        error_description: 'the token could not be checked right now; try again',
      });
  }
}

export function requireScope(caller: Caller, scope: string | undefined): void {
  if (!scope || caller.scopes.includes(scope)) return;
  const d = `this needs the "${scope}" scope`;
  throw new ApiError(
    403,
    { error: 'insufficient_scope', error_description: d, scope },
    challenge('insufficient_scope', d, scope),
  );
}
