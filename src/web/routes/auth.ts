// Start page, sign in, sign up, sign out.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AccountError, normalizeEmail } from '../../cloud/accounts.ts';
import { tokenHash } from '../../log.ts';
import { checkCsrf, clientIp, fields, page, type WebContext } from '../context.ts';
import { safeReturnPath } from '../return-path.ts';
import type { PageOptions } from '../html.ts';
import { landingPage, signInPage, signUpPage, type AuthFormData } from '../views.ts';

const NOTICES: Record<string, string> = {
  deleted:
    'Your account and all its devices are deleted, and Alexa is unlinked. Thank you for trying My Lights.',
  'signed-out': 'You are signed out.',
};

function minutes(sec: number): string {
  const m = Math.ceil(sec / 60);
  return m <= 1 ? 'a minute' : `${m} minutes`;
}

/** A posted sign-in or sign-up form, to show again with a problem or to act on. */
interface PostedAuthForm {
  form: AuthFormData & { email: string };
  password: string | undefined;
}

export function authRoutes(ctx: WebContext) {
  /** GET of a sign-in or sign-up page: a visitor already signed in goes on to where they were headed. */
  const showForm =
    (view: (d: AuthFormData) => PageOptions) => async (req: FastifyRequest, reply: FastifyReply) => {
      const next = safeReturnPath((req.query as { next?: unknown }).next);
      const visitor = await ctx.visitors.resolve(req, reply, true);
      if (visitor.session) return reply.redirect(next, 303);
      return page(reply, 200, view({ csrf: visitor.csrf, next }));
    };

  /** The posted form once its CSRF token checks out; null after the refusal is sent. */
  async function readForm(req: FastifyRequest, reply: FastifyReply): Promise<PostedAuthForm | null> {
    const visitor = await ctx.visitors.resolve(req, reply, true);
    if (!checkCsrf(ctx, req, reply, visitor)) return null;
    const f = fields(req);
    const email = (f.email ?? '').slice(0, 254);
    return { form: { csrf: visitor.csrf, next: safeReturnPath(f.next), email }, password: f.password };
  }

  return async (server: FastifyInstance): Promise<void> => {
    const log = ctx.app.logger.child({ component: 'web' });

    /**
     * Checks the sign-in limits before any Argon2 work, so guessing costs the guesser, not us. When
     * refused, logs it, answers 429 with the page built around `what`, and returns true.
     */
    async function refusedByLimit(
      req: FastifyRequest,
      reply: FastifyReply,
      email: string,
      refusal: { line: string; logAccount: boolean; what: string; todo: (wait: string) => string },
      view: (problem: { what: string; todo: string }) => PageOptions,
      costly = false,
    ): Promise<boolean> {
      const ip = clientIp(req);
      // Checked and counted in one step (a sign-in as failed until it succeeds, a sign-up against the
      // IP): parallel attempts cannot all pass before the first hash is done.
      const wait = await (costly
        ? ctx.signInLimits.beginCostly(ip, email)
        : ctx.signInLimits.begin(ip, email));
      if (wait <= 0) return false;
      log.warn(refusal.logAccount ? { ip, account: tokenHash(normalizeEmail(email)) } : { ip }, refusal.line);
      reply.header('retry-after', String(wait));
      page(reply, 429, view({ what: refusal.what, todo: refusal.todo(minutes(wait)) }));
      return true;
    }

    server.get('/', async (req, reply) => {
      const visitor = await ctx.visitors.resolve(req, reply);
      if (visitor.session) return reply.redirect('/dashboard', 303);
      const { notice } = req.query as { notice?: string };
      return page(reply, 200, landingPage(notice ? NOTICES[notice] : undefined));
    });

    server.get('/signin', showForm(signInPage));

    server.post('/signin', async (req, reply) => {
      const posted = await readForm(req, reply);
      if (!posted) return reply;
      const { form, password } = posted;
      const { email, next } = form;
      if (!email.trim() || !password) {
        return page(
          reply,
          400,
          signInPage({
            ...form,
            problem: {
              what: 'Email and password are both needed.',
              todo: 'Fill in both fields and press Sign in.',
            },
          }),
        );
      }
      const refusal = {
        line: 'web sign-in rate limited',
        logAccount: true,
        what: 'Too many sign-in attempts that failed.',
        todo: (wait: string) =>
          `Wait ${wait} and try again. If you forgot your password, ask the person who runs this server to reset it.`,
      };
      if (await refusedByLimit(req, reply, email, refusal, (problem) => signInPage({ ...form, problem })))
        return reply;
      const ip = clientIp(req);
      const user = await ctx.app.accounts.authenticate(email, password);
      if (!user) {
        log.info({ account: tokenHash(normalizeEmail(email)) }, 'web sign-in failed');
        return page(
          reply,
          401,
          signInPage({
            ...form,
            problem: {
              what: 'That email and password do not match an account.',
              todo: 'Check both for typos (the password is case-sensitive) and try again, or create an account.',
            },
          }),
        );
      }
      await ctx.signInLimits.succeeded(ip, email);
      await ctx.visitors.signIn(reply, user.id);
      log.info({ userId: user.id }, 'web sign-in');
      return reply.redirect(next, 303);
    });

    server.get('/signup', showForm(signUpPage));

    server.post('/signup', async (req, reply) => {
      const posted = await readForm(req, reply);
      if (!posted) return reply;
      const { form, password } = posted;
      // A sign-up costs an Argon2 hash: it counts against the IP like a failed sign-in, checked first.
      const refusal = {
        line: 'web sign-up rate limited',
        logAccount: false,
        what: 'Too many attempts from your network.',
        todo: (wait: string) => `Wait ${wait} and try again.`,
      };
      if (
        await refusedByLimit(
          req,
          reply,
          form.email,
          refusal,
          (problem) => signUpPage({ ...form, problem }),
          true,
        )
      )
        return reply;
      try {
        const user = await ctx.app.accounts.create(form.email, password ?? '');
        await ctx.visitors.signIn(reply, user.id);
        log.info({ userId: user.id }, 'web sign-up');
        return reply.redirect(form.next, 303);
      } catch (err) {
        if (!(err instanceof AccountError)) throw err;
        const todo: Record<string, string> = {
          invalid_email: 'Type the full address, like name@example.com.',
          weak_password: 'Choose a longer password and try again.',
          email_taken: 'Sign in with that address instead, or use another one.',
          not_found: 'Try again.',
        };
        const what = err.message.charAt(0).toUpperCase() + err.message.slice(1) + '.';
        return page(
          reply,
          err.code === 'email_taken' ? 409 : 400,
          signUpPage({
            ...form,
            problem: { what, todo: todo[err.code] ?? 'Try again.' },
          }),
        );
      }
    });

    server.post('/signout', async (req, reply) => {
      const visitor = await ctx.visitors.resolve(req, reply);
      if (!visitor.session) return reply.redirect('/', 303);
      if (!checkCsrf(ctx, req, reply, visitor)) return reply;
      await ctx.visitors.signOut(reply, visitor);
      return reply.redirect('/?notice=signed-out', 303);
    });
  };
}
