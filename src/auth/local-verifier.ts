// The verification primitive: judges an access token issued by this process's authorization server
// (an RFC 9068 JWT signed RS256). Order of checks, each cheaper than the next:
//   1. shape and header (malformed), 2. key by kid (unknown), 3. signature (bad_signature),
//   4. issuer and audience, 5. expiry (expired), 6. one store query: user status and grant.
// Expiry allows a leeway (ACCESS_TOKEN_LEEWAY, decision 0106): Alexa refreshes only once its own
// clock says the token expired, so a directive it sent just before then reaches us just after, and
// EXPIRED_AUTHORIZATION_CREDENTIAL for it would unlink a user whose token was fine when sent.
// Expiry is judged before the store: an expired token whose grant was also revoked answers
// `expired`. Either answer unlinks the user, which is right for a revoked grant, and this one costs
// no store query for a token that can no longer be used anyway (decision 0103). Any failure to
// reach the store or keys is `transient`.
//
// Steps 1-4 give the same answer for the same token string as long as its key is unchanged, so a
// token that passed them is remembered by its SHA-256 (the signature memo, decision 0104): Alexa
// sends one token with every directive for an hour, and the RS256 check is most of a verification's
// CPU. Steps 5 and 6 (expiry, then the store) run on every call, memo or not: a revocation, a
// deletion or a disabled account is seen by the very next directive.
import { verify as verifySignature, type KeyObject } from 'node:crypto';
import { tokenDigest } from '../log.ts';
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
  /** Most tokens the signature memo holds (oldest dropped first); 0 turns it off. */
  memoEntries?: number;
  /** How long past exp a token is still accepted, in milliseconds (default 0). */
  expiryLeewayMs?: number;
}

/** Enough for every linked user active within an hour on one instance; about 3 MB when full. */
export const DEFAULT_MEMO_ENTRIES = 10_000;

/** What steps 1-4 established about one token: the key that signed it and its checked claims. */
interface Checked {
  kid: string;
  key: KeyObject;
  userId: string;
  clientId: string;
  grantId: string;
  scopes: string[];
  expiresAt: number;
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
  private readonly memoEntries: number;
  private readonly leewayMs: number;
  /** Tokens that passed steps 1-4, by tokenDigest. */
  private readonly memo = new Map<string, Checked>();

  constructor(private readonly deps: LocalVerifierDeps) {
    this.now = deps.now ?? Date.now;
    this.memoEntries = deps.memoEntries ?? DEFAULT_MEMO_ENTRIES;
    this.leewayMs = deps.expiryLeewayMs ?? 0;
  }

  /** Tokens the signature memo holds now. */
  get memoSize(): number {
    return this.memo.size;
  }

  async verify(token: string, digest?: string): Promise<Verdict> {
    if (typeof token !== 'string' || token.length > 8192) return invalid('malformed');
    const memoKey = this.memoEntries > 0 ? (digest ?? tokenDigest(token)) : undefined;
    const known = memoKey === undefined ? undefined : this.memo.get(memoKey);
    let checked: Checked | Verdict;
    if (known && (await this.sameKey(known))) checked = known;
    else {
      if (known) this.memo.delete(memoKey!);
      checked = await this.check(token);
      if ('kind' in checked) return checked;
      if (memoKey !== undefined && this.now() < checked.expiresAt + this.leewayMs)
        this.remember(memoKey, checked);
    }
    return this.judge(checked);
  }

  /** The memo's answer holds only while the kid still resolves to the key that verified it. */
  private async sameKey(known: Checked): Promise<boolean> {
    try {
      return (await this.deps.key(known.kid)) === known.key;
    } catch {
      return false; // the full check below meets the same failure and reports it as transient
    }
  }

  private remember(memoKey: string, checked: Checked): void {
    // Oldest first: a Map iterates in insertion order.
    if (this.memo.size >= this.memoEntries) this.memo.delete(this.memo.keys().next().value!);
    this.memo.set(memoKey, checked);
  }

  /** Steps 1-4: shape, key, signature, issuer and audience. A verdict when any fails. */
  private async check(token: string): Promise<Checked | Verdict> {
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
    return {
      kid: header.kid,
      key,
      userId: sub,
      clientId,
      grantId,
      scopes: typeof scope === 'string' && scope ? scope.split(' ') : [],
      expiresAt: exp * 1000,
    };
  }

  /** Steps 5-6, on every call: expiry, then the grant and the account in the store. */
  private async judge(checked: Checked): Promise<Verdict> {
    const now = this.now();
    if (now >= checked.expiresAt + this.leewayMs) return { kind: 'expired', expiredAt: checked.expiresAt };

    let status: GrantStatus;
    try {
      status = await this.deps.grantStatus(checked.grantId, checked.userId, now);
    } catch (err) {
      return { kind: 'transient', cause: `token store unavailable: ${(err as Error).message}` };
    }
    if (status !== 'active') return invalid(status);
    return {
      kind: 'valid',
      userId: checked.userId,
      clientId: checked.clientId,
      // A copy: the memo's array must not change through a verdict.
      scopes: [...checked.scopes],
      grantId: checked.grantId,
      expiresAt: checked.expiresAt,
    };
  }
}
