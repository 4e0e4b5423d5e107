// A scripted TokenVerifier (a port stub): each issued token maps to the verdict the test chose.
// Used where the authorization server is not the subject (the resource API's mapping of verdicts).
import { randomBytes } from 'node:crypto';
import type { TokenVerifier, Verdict } from '../../src/auth/verdict.ts';

export class ScriptedVerifier implements TokenVerifier {
  private readonly verdicts = new Map<string, Verdict | Error>();
  private readonly sequences = new Map<string, Verdict[]>();
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

  /** A token whose verdicts change call by call (the last one repeats), e.g. revoked mid-directive. */
  issueSequence(verdicts: Verdict[]): string {
    const token = randomBytes(24).toString('base64url');
    this.sequences.set(token, [...verdicts]);
    return token;
  }

  async verify(token: string): Promise<Verdict> {
    this.calls++;
    const seq = this.sequences.get(token);
    if (seq) return seq.length > 1 ? seq.shift()! : seq[0]!;
    const v = this.verdicts.get(token);
    if (v instanceof Error) throw v;
    return v ?? { kind: 'invalid', reason: 'unknown' };
  }
}
