// CSRF tokens for the linking forms: an HMAC of the interaction uid, so a token is valid only for
// the interaction (and browser, through oidc-provider's interaction cookie) it was rendered for.
import { createHmac, timingSafeEqual } from 'node:crypto';

export class CsrfTokens {
  constructor(private readonly key: string) {}

  issue(uid: string): string {
    return createHmac('sha256', this.key).update(`csrf\n${uid}`).digest('base64url');
  }

  verify(uid: string, presented: unknown): boolean {
    if (typeof presented !== 'string') return false;
    const a = Buffer.from(this.issue(uid));
    const b = Buffer.from(presented);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
