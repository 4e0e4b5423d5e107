// A scripted TokenVerifier (a port stub): each issued token maps to the verdict the test chose.
// Used where the authorization server is not the subject (the resource API's mapping of verdicts).
import { randomBytes } from 'node:crypto';
import type { TokenVerifier, Verdict } from '../../src/auth/verdict.ts';

export class ScriptedVerifier implements TokenVerifier {
  private readonly verdicts = new Map<string, Verdict | Error>();
  calls = 0;

  /** A fresh opaque token that verifies to `verdict` (or throws `verdict` when it is an Error). */
  issue(verdict: Verdict | Error): string {
    const token = randomBytes(24).toString('base64url');
    this.verdicts.set(token, verdict);
    return token;
  }

  valid(userId: string, scopes = ['devices'], clientId = 'alexa'): string {
    return this.issue({
      kind: 'valid',
      userId,
      clientId,
      scopes,
      grantId: `grant-${userId}`,
      expiresAt: Date.now() + 3600_000,
    });
  }

  async verify(token: string): Promise<Verdict> {
    this.calls++;
    const v = this.verdicts.get(token);
    if (v instanceof Error) throw v;
    return v ?? { kind: 'invalid', reason: 'unknown' };
  }
}
