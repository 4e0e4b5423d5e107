// Linked apps (list, unlink) and the account page (delete the account).
import type { FastifyInstance } from 'fastify';
import {
  checkCsrf,
  clientIp,
  fields,
  page,
  requireSignedIn,
  type SignedIn,
  type WebContext,
} from '../context.ts';
import { accountBody, appPage, appsBody, type Problem } from '../views.ts';
import type { FastifyReply } from 'fastify';

const GRANT_ID = /^[A-Za-z0-9_-]{1,128}$/;

export function accountRoutes(ctx: WebContext) {
  const { app } = ctx;
  const log = app.logger.child({ component: 'web' });

  async function renderApps(
    reply: FastifyReply,
    visitor: SignedIn,
    status = 200,
    extra: { problem?: Problem; notice?: string } = {},
  ) {
    const apps = (await app.oauth.grants.listForUser(visitor.session.userId)).map((g) => ({
      grantId: g.grantId,
      clientName: g.clientName || g.clientId,
      createdAt: g.createdAt,
      lastUsedAt: g.lastUsedAt,
    }));
    return page(
      reply,
      status,
      appPage({
        title: 'Linked apps',
        section: 'apps',
        csrf: visitor.csrf,
        email: visitor.session.email,
        body: appsBody({ apps, csrf: visitor.csrf, ...extra }),
      }),
    );
  }

  async function renderAccount(reply: FastifyReply, visitor: SignedIn, status = 200, problem?: Problem) {
    const user = await app.accounts.findById(visitor.session.userId);
    return page(
      reply,
      status,
      appPage({
        title: 'Account',
        section: 'account',
        csrf: visitor.csrf,
        email: visitor.session.email,
        body: accountBody({
          email: visitor.session.email,
          createdAt: user?.createdAt ?? 0,
          csrf: visitor.csrf,
          ...(problem ? { problem } : {}),
        }),
      }),
    );
  }

  return async (server: FastifyInstance): Promise<void> => {
    server.get('/apps', async (req, reply) => {
      const visitor = await requireSignedIn(ctx, req, reply);
      if (!visitor) return reply;
      return renderApps(reply, visitor);
    });

    server.post('/apps/:grantId/revoke', async (req, reply) => {
      const visitor = await requireSignedIn(ctx, req, reply);
      if (!visitor || !checkCsrf(ctx, req, reply, visitor)) return reply;
      const { grantId } = req.params as { grantId: string };
      const grants = app.oauth.grants;
      const mine = GRANT_ID.test(grantId)
        ? (await grants.listForUser(visitor.session.userId)).find((g) => g.grantId === grantId)
        : undefined;
      if (!mine) {
        return renderApps(reply, visitor, 404, {
          problem: {
            what: 'That app is not linked to your account (any more).',
            todo: 'The list below shows the apps that are linked now.',
          },
        });
      }
      await grants.revoke(visitor.session.userId, grantId);
      log.info({ userId: visitor.session.userId, clientId: mine.clientId }, 'web unlinked an app');
      return renderApps(reply, visitor, 200, {
        notice: `${mine.clientName || mine.clientId} is unlinked and can no longer reach your devices.`,
      });
    });

    server.get('/account', async (req, reply) => {
      const visitor = await requireSignedIn(ctx, req, reply);
      if (!visitor) return reply;
      return renderAccount(reply, visitor);
    });

    server.post('/account/delete', async (req, reply) => {
      const visitor = await requireSignedIn(ctx, req, reply);
      if (!visitor || !checkCsrf(ctx, req, reply, visitor)) return reply;
      const password = fields(req).password ?? '';
      const wrongPassword = {
        what: 'The password is not right, so the account was not deleted.',
        todo: 'Type the password you sign in with, then press Delete my account again.',
      };
      // No password, no hash: nothing to count.
      if (!password) return renderAccount(reply, visitor, 400, wrongPassword);
      const ip = clientIp(req);
      // Counted as a failed attempt until the password proves right (one step: no parallel bypass).
      const wait = await ctx.signInLimits.begin(ip, visitor.session.email);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        return renderAccount(reply, visitor, 429, {
          what: 'Too many wrong passwords; the account was not deleted.',
          todo: `Wait ${Math.ceil(wait / 60)} minutes and try again.`,
        });
      }
      const user = await app.accounts.authenticate(visitor.session.email, password);
      if (!user || user.id !== visitor.session.userId)
        return renderAccount(reply, visitor, 400, wrongPassword);
      await ctx.signInLimits.succeeded(ip, visitor.session.email);
      await app.accounts.delete(user.id);
      await ctx.visitors.signOut(reply, visitor);
      log.info({ userId: user.id }, 'web deleted an account');
      return reply.redirect('/?notice=deleted', 303);
    });
  };
}
