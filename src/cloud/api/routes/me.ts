import type { ApiMe } from '../contract.ts';
import { apiError, type ApiRoute } from '../route.ts';
import { meSchema } from '../schemas.ts';

/** The calling user and what their token allows. The Lambda's RemoteVerifier verifies tokens with it. */
export const getMe: ApiRoute = {
  method: 'GET',
  path: '/me',
  operationId: 'getMe',
  summary: 'The calling user and the verdict on the bearer token',
  success: { status: 200, description: 'The token is valid; the user it identifies.', schema: meSchema },
  async handler({ app, caller }): Promise<ApiMe> {
    const user = await app.accounts.findById(caller.userId);
    // The verifier already refuses tokens of deleted or disabled accounts; this only closes the race
    // with a deletion that happens between the verdict and this read.
    if (!user) throw apiError(401, 'invalid_token', 'the account is gone', { reason: 'account_deleted' });
    return {
      user: { id: user.id, email: user.email },
      token: {
        clientId: caller.clientId,
        scopes: caller.scopes,
        grantId: caller.grantId,
        expiresAt: caller.expiresAt,
      },
    };
  },
};
