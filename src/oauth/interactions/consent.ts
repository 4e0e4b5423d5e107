// POST /oauth/interaction/:uid/consent: records what the user allowed in a Grant and finishes.
import type { FastifyInstance } from 'fastify';
import type { OAuthServer } from '../server.ts';
import { finish, loadInteraction, sendError, type Pin } from './load.ts';

type Post = { Params: { uid: string }; Body: Record<string, unknown> };

interface MissingDetails {
  missingOIDCScope?: string[];
  missingOIDCClaims?: string[];
  missingResourceScopes?: Record<string, string[]>;
}

export function consentRoutes(server: FastifyInstance, oauth: () => Promise<OAuthServer>, pin: Pin): void {
  server.post<Post>('/oauth/interaction/:uid/consent', async (request, reply) => {
    const ctx = await loadInteraction(await oauth(), pin, request, reply, { csrf: true });
    if (!ctx) return reply;
    const { details } = ctx;
    const accountId = details.session?.accountId;
    if (details.prompt.name !== 'consent' || !accountId)
      return sendError(reply, 400, 'Sign in first', 'Reload the page and sign in before allowing access.');
    const { Grant } = ctx.server.provider;
    const grant =
      (details.grantId ? await Grant.find(details.grantId) : undefined) ??
      new Grant({ accountId, clientId: ctx.clientId });
    const missing = details.prompt.details as MissingDetails;
    if (missing.missingOIDCScope?.length) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims?.length) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {}))
      grant.addResourceScope(indicator, scopes.join(' '));
    const grantId = await grant.save();
    await finish(ctx, pin, request, reply, { consent: { grantId } });
    return reply;
  });
}
