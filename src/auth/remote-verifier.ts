// Verifies an access token by asking the resource API (GET /api/v1/me), for the skill in Lambda.
// Only an answer that carries the API's signature can be a verdict: 200 → valid, 401 invalid_token
// → expired or invalid by its reason. Anything else (another status, a proxy's or WAF's 401/403
// without the signature, a refused connection, a timeout) is transient and never unlinks the user.
import type { TokenVerifier, Verdict } from './verdict.ts';
import { ApiClient, describeOutcome, isApiError } from '../cloud/api/client.ts';
import { verdictFromReason, type ApiMe } from '../cloud/api/contract.ts';

export interface RemoteVerifierOptions {
  /** Deadline for one verification, within Alexa's 8 s budget (see docs/lambda-and-simulator.md). */
  timeoutMs: number;
}

function isMe(body: unknown): body is ApiMe {
  const b = body as ApiMe | null;
  return (
    typeof b?.user?.id === 'string' &&
    typeof b.token?.clientId === 'string' &&
    Array.isArray(b.token.scopes) &&
    typeof b.token.expiresAt === 'number'
  );
}

export class RemoteVerifier implements TokenVerifier {
  constructor(
    private readonly client: ApiClient,
    private readonly options: RemoteVerifierOptions,
  ) {}

  async verify(token: string): Promise<Verdict> {
    const outcome = await this.client.call('GET', '/me', { token, timeoutMs: this.options.timeoutMs });
    if (outcome.kind === 'answer' && outcome.signed && outcome.status === 200 && isMe(outcome.body)) {
      const { user, token: t } = outcome.body;
      return {
        kind: 'valid',
        userId: user.id,
        clientId: t.clientId,
        scopes: t.scopes.filter((s): s is string => typeof s === 'string'),
        grantId: typeof t.grantId === 'string' ? t.grantId : '',
        expiresAt: t.expiresAt,
      };
    }
    if (isApiError(outcome, 401, 'invalid_token')) {
      const reason = outcome.body.reason;
      const verdict = verdictFromReason(reason);
      if (verdict) return verdict;
      // A reason this build does not know: not a verdict it may act on.
      return {
        kind: 'transient',
        cause: `resource API gave an unknown invalid_token reason ${String(reason)}`,
      };
    }
    return { kind: 'transient', cause: describeOutcome(outcome) };
  }
}
