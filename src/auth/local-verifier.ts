// The verification primitive: judges an access token issued by this process's authorization server
// (an RFC 9068 JWT signed RS256). Order of checks, each cheaper than the next:
//   1. shape and header (malformed), 2. key by kid (unknown), 3. signature (bad_signature),
//   4. issuer and audience, 5. expiry (expired), 6. one store query: user status and grant.
// Expiry is judged before the store: an expired token whose grant was also revoked answers
// `expired`. Alexa then refreshes, the refresh fails with invalid_grant because the grant is gone,
// and Alexa unlinks, which is the outcome `invalid` would have had, without a store query for a
// token that can no longer be used anyway. Any failure to reach the store or keys is `transient`.
import { verify as verifySignature, type KeyObject } from 'node:crypto';
import type { InvalidReason, TokenVerifier, Verdict } from './verdict.ts';

export type GrantStatus = 'active' | 'revoked' | 'account_deleted' | 'account_disabled';

export interface LocalVerifierDeps {
  issuer: string;
  audience: string;
  /** Public key by kid; undefined when no key of ours has it; throws when keys cannot be loaded. */
  key(kid: string): Promise<KeyObject | undefined>;
  /** Grant and user status in one store query; throws when the store cannot answer. */
  grantStatus(grantId: string, userId: string, now: number): Promise<GrantStatus>;
  now?: () => number;
}

/** The private claim carrying the grant id (RFC 9068 leaves grant identity to the issuer). */
export const GRANT_ID_CLAIM = 'grant_id';

interface Claims {
  iss?: unknown;
  sub?: unknown;
  aud?: unknown;
  exp?: unknown;
  client_id?: unknown;
  scope?: unknown;
  [GRANT_ID_CLAIM]?: unknown;
}

const invalid = (reason: InvalidReason): Verdict => ({ kind: 'invalid', reason });
const B64URL = /^[A-Za-z0-9_-]+$/;

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export class LocalVerifier implements TokenVerifier {
  private readonly now: () => number;

  constructor(private readonly deps: LocalVerifierDeps) {
    this.now = deps.now ?? Date.now;
  }

  async verify(token: string): Promise<Verdict> {
    if (typeof token !== 'string' || token.length > 8192) return invalid('malformed');
    const parts = token.split('.');
    if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) return invalid('malformed');
    const [h, p, s] = parts as [string, string, string];
    const header = decodeJson(h);
    if (!header || header.alg !== 'RS256' || typeof header.kid !== 'string') return invalid('malformed');
    const typ = typeof header.typ === 'string' ? header.typ.toLowerCase() : '';
    if (typ !== 'at+jwt' && typ !== 'application/at+jwt') return invalid('malformed');

    let key: KeyObject | undefined;
    try {
      key = await this.deps.key(header.kid);
    } catch (err) {
      return { kind: 'transient', cause: `signing keys unavailable: ${(err as Error).message}` };
    }
    if (!key) return invalid('unknown');
    if (!verifySignature('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url')))
      return invalid('bad_signature');

    const claims = decodeJson(p) as Claims | undefined;
    if (!claims) return invalid('malformed');
    const { iss, sub, aud, exp, client_id: clientId, scope } = claims;
    const grantId = claims[GRANT_ID_CLAIM];
    if (
      typeof sub !== 'string' ||
      typeof exp !== 'number' ||
      typeof clientId !== 'string' ||
      typeof grantId !== 'string'
    )
      return invalid('malformed');
    if (iss !== this.deps.issuer) return invalid('wrong_issuer');
    const audiences = Array.isArray(aud) ? aud : [aud];
    if (!audiences.includes(this.deps.audience)) return invalid('wrong_audience');

    const now = this.now();
    const expiresAt = exp * 1000;
    if (now >= expiresAt) return { kind: 'expired', expiredAt: expiresAt };

    let status: GrantStatus;
    try {
      status = await this.deps.grantStatus(grantId, sub, now);
    } catch (err) {
      return { kind: 'transient', cause: `token store unavailable: ${(err as Error).message}` };
    }
    if (status !== 'active') return invalid(status);
    return {
      kind: 'valid',
      userId: sub,
      clientId,
      scopes: typeof scope === 'string' && scope ? scope.split(' ') : [],
      grantId,
      expiresAt,
    };
  }
}
