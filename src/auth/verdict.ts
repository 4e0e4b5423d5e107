// The outcome of verifying an access token. Every shape of the skill (in-process, Lambda over HTTP)
// produces exactly these, and the skill maps each to one Alexa answer in one place.

export type InvalidReason =
  | 'malformed' // not a JWT we could have issued
  | 'unknown' // well-formed but no key of ours signed it
  | 'bad_signature'
  | 'wrong_audience'
  | 'wrong_issuer'
  | 'wrong_client' // issued to a client that is not allowed here
  | 'revoked' // its grant was revoked
  | 'account_deleted'
  | 'account_disabled';

export type Verdict =
  | {
      kind: 'valid';
      userId: string;
      clientId: string;
      scopes: string[];
      grantId: string;
      /** Epoch milliseconds; a cached verdict never outlives it. */
      expiresAt: number;
    }
  | { kind: 'expired'; expiredAt: number }
  | { kind: 'invalid'; reason: InvalidReason }
  /** Not a verdict on the token: the store, keys or resource API could not answer. Never unlinks. */
  | { kind: 'transient'; cause: string };

export interface TokenVerifier {
  /**
   * Judges a token. May answer synchronously (a cached verdict) so the hot path skips a timer.
   * `digest` is tokenDigest(token) when the caller already computed it (saves hashing twice).
   */
  verify(token: string, digest?: string): Verdict | Promise<Verdict>;
}
