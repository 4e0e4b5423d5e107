// What every web route shares: the app, the visitor resolver, and small reply helpers.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app.ts';
import { sendPage, type PageOptions } from './html.ts';
import { messagePage, type Problem } from './views.ts';
import { safeReturnPath } from './return-path.ts';
import type { Visitor, VisitorResolver } from './visitor.ts';
import type { SignInLimits } from '../oauth/rate-limit.ts';

export interface WebContext {
  app: App;
  visitors: VisitorResolver;
  /** The sign-in policy (per IP, per account and IP, per account), counted apart from the linking pages'. */
  signInLimits: SignInLimits;
}

export type SignedIn = Visitor & { session: NonNullable<Visitor['session']> };

/** True when the caller is our script (fetch) rather than a plain form post or link. */
export function wantsJson(req: FastifyRequest): boolean {
  return (req.headers.accept ?? '').includes('application/json');
}

export function page(reply: FastifyReply, status: number, opts: PageOptions): FastifyReply {
  return sendPage(reply, status, opts);
}

/** A problem as JSON for our script, or as a page for a plain form post. */
export function problem(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  p: Problem,
  title = 'Something went wrong',
): FastifyReply {
  if (wantsJson(req)) {
    return reply.code(status).header('cache-control', 'no-store').send({ error: p });
  }
  return sendPage(reply, status, messagePage(title, p));
}

export const CSRF_PROBLEM: Problem = {
  what: 'This request was refused because it did not carry this page’s security token.',
  todo: 'Reload the page and try again. If it keeps happening, make sure cookies are allowed for this site.',
};

/** 403 unless the request carries the visitor's CSRF token. Returns true when the route may go on. */
export function checkCsrf(
  ctx: WebContext,
  req: FastifyRequest,
  reply: FastifyReply,
  visitor: Visitor,
): boolean {
  if (ctx.visitors.csrfOk(req, visitor)) return true;
  problem(req, reply, 403, CSRF_PROBLEM, 'Request refused');
  return false;
}

/**
 * The signed-in visitor, or null after answering: pages send a signed-out visitor to sign in and
 * back (303), fetches get 401.
 */
export async function requireSignedIn(
  ctx: WebContext,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<SignedIn | null> {
  const visitor = await ctx.visitors.resolve(req, reply);
  if (visitor.session) return visitor as SignedIn;
  // Scripts and event streams get 401 (an EventSource stops retrying on it); pages get sent to sign in.
  if (wantsJson(req) || req.method !== 'GET' || (req.headers.accept ?? '').includes('text/event-stream')) {
    problem(req, reply, 401, {
      what: 'You are signed out, so nothing was changed.',
      todo: 'Sign in again, then repeat what you were doing.',
    });
    return null;
  }
  const next = safeReturnPath(req.url);
  reply.redirect(`/signin?next=${encodeURIComponent(next)}`, 303);
  return null;
}

/** Reads a form or JSON body as string fields (anything else is ignored). */
export function fields(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  const body = req.body;
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (typeof v === 'string') out[k] = v;
      else if (typeof v === 'number') out[k] = String(v);
    }
  }
  return out;
}

export function clientIp(req: FastifyRequest): string {
  return req.ip || req.socket.remoteAddress || 'unknown';
}
