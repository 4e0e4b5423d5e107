// GET /oauth/interaction/:uid (the sign-in or consent page), GET .../signup, POST .../abort.
import type { FastifyInstance } from 'fastify';
import type { OAuthServer } from '../server.ts';
import { consentPage, signInPage, signUpPage } from '../pages.ts';
import { finish, loadInteraction, sendHtml, type Pin } from './load.ts';

type Params = { Params: { uid: string } };

export function showRoutes(server: FastifyInstance, oauth: () => Promise<OAuthServer>, pin: Pin): void {
  server.get<Params>('/oauth/interaction/:uid', async (request, reply) => {
    const ctx = await loadInteraction(await oauth(), pin, request, reply, { csrf: false });
    if (!ctx) return reply;
    const { details, form } = ctx;
    if (details.prompt.name === 'login') return sendHtml(reply, 200, signInPage(form));
    const accountId = details.session?.accountId;
    const user = accountId ? await ctx.server.accounts.findById(accountId) : null;
    if (!user) return sendHtml(reply, 200, signInPage(form));
    const scopes = String(details.params.scope ?? '')
      .split(' ')
      .filter(Boolean);
    return sendHtml(reply, 200, consentPage(form, { email: user.email, scopes }));
  });

  server.get<Params>('/oauth/interaction/:uid/signup', async (request, reply) => {
    const ctx = await loadInteraction(await oauth(), pin, request, reply, { csrf: false });
    if (!ctx) return reply;
    return sendHtml(reply, 200, signUpPage(ctx.form));
  });

  server.post<Params>('/oauth/interaction/:uid/abort', async (request, reply) => {
    const ctx = await loadInteraction(await oauth(), pin, request, reply, { csrf: true });
    if (!ctx) return reply;
    await finish(ctx, pin, request, reply, {
      error: 'access_denied',
      error_description: 'the user did not allow linking',
    });
    return reply;
  });
}
