// POST /oauth/interaction/:uid/login and .../signup. Rate limits are checked before any Argon2 work.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AccountError, normalizeEmail } from '../../cloud/accounts.ts';
import { tokenHash } from '../../log.ts';
import type { OAuthServer } from '../server.ts';
import { signInPage, signUpPage } from '../pages.ts';
import { finish, loadInteraction, sendHtml, type Pin } from './load.ts';

type Post = { Params: { uid: string }; Body: Record<string, unknown> };

function field(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  return typeof v === 'string' ? v.slice(0, 1024) : '';
}

function tooMany(reply: FastifyReply, page: string, retryAfter: number) {
  return sendHtml(reply, 429, page, { 'retry-after': String(retryAfter) });
}

export function signInRoutes(server: FastifyInstance, oauth: () => Promise<OAuthServer>, pin: Pin): void {
  server.post<Post>('/oauth/interaction/:uid/login', async (request, reply) => {
    // The client's IP (a TRUST_PROXY proxy's X-Forwarded-For, else the socket), read once.
    const ip = request.ip;
    const ctx = await loadInteraction(await oauth(), pin, request, reply, { csrf: true });
    if (!ctx) return reply;
    const email = field(request.body, 'email').trim();
    const password = field(request.body, 'password');
    const limits = ctx.server.signIn;
    // Counted as failed from here on (a success takes it back): parallel attempts cannot all pass.
    const wait = await limits.begin(ip, email);
    if (wait > 0) {
      // As the web sign-in logs it: the client's IP, and the account only as a short hash.
      ctx.server.logger.warn(
        { ip, account: tokenHash(normalizeEmail(email)), uid: ctx.form.uid },
        'linking sign-in rate limited',
      );
      const error = `Too many failed attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`;
      return tooMany(reply, signInPage(ctx.form, { error, email }), wait);
    }
    const user = email && password ? await ctx.server.accounts.authenticate(email, password) : null;
    if (!user) {
      ctx.server.logger.info(
        { ip, account: tokenHash(normalizeEmail(email)), uid: ctx.form.uid },
        'sign-in failed during linking',
      );
      return sendHtml(reply, 401, signInPage(ctx.form, { error: 'Wrong email or password.', email }));
    }
    await limits.succeeded(ip, email);
    await finish(ctx, pin, request, reply, { login: { accountId: user.id } });
    return reply;
  });

  server.post<Post>('/oauth/interaction/:uid/signup', async (request, reply) => {
    const ip = request.ip;
    const ctx = await loadInteraction(await oauth(), pin, request, reply, { csrf: true });
    if (!ctx) return reply;
    const email = field(request.body, 'email').trim();
    const password = field(request.body, 'password');
    // Sign-ups cost an Argon2 hash too: counted against the IP like failed sign-ins, in the same step
    // as the check.
    const wait = await ctx.server.signIn.beginCostly(ip, email);
    if (wait > 0) {
      ctx.server.logger.warn({ ip, uid: ctx.form.uid }, 'linking sign-up rate limited');
      return tooMany(
        reply,
        signUpPage(ctx.form, { error: 'Too many attempts. Try again later.', email }),
        wait,
      );
    }
    try {
      const user = await ctx.server.accounts.create(email, password);
      await finish(ctx, pin, request, reply, { login: { accountId: user.id } });
      return reply;
    } catch (err) {
      if (err instanceof AccountError)
        return sendHtml(reply, 400, signUpPage(ctx.form, { error: err.message, email }));
      throw err;
    }
  });
}
