// Who is asking: reads the session cookie, keeps a pre-session cookie for signed-out visitors (the
// CSRF seed of the sign-in and sign-up forms), and checks CSRF tokens. Every web route starts here.
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  csrfTokenFor,
  csrfTokenMatches,
  newSecret,
  SESSION_MAX_MS,
  type WebSession,
  type WebSessions,
} from './sessions.ts';

export const SESSION_COOKIE = 'ml_session';
export const PRESESSION_COOKIE = 'ml_pre';

export interface Visitor {
  /** Set when signed in. */
  session: (WebSession & { id: string }) | null;
  /** The token every form and state-changing fetch of this visitor must carry. */
  csrf: string;
  /** The secret the CSRF token derives from (session id, or pre-session id). */
  seed: string | null;
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!out.has(name)) out.set(name, value);
  }
  return out;
}

export interface CookieOptions {
  secure: boolean;
}

function cookie(name: string, value: string, maxAgeSec: number, opts: CookieOptions): string {
  return [
    `${name}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAgeSec}`,
    ...(opts.secure ? ['Secure'] : []),
  ].join('; ');
}

/** Fastify appends each set-cookie header rather than replacing the previous one. */
function appendCookie(reply: FastifyReply, value: string): void {
  reply.header('set-cookie', value);
}

export class VisitorResolver {
  constructor(
    private readonly sessions: WebSessions,
    private readonly cookieOpts: CookieOptions,
  ) {}

  /**
   * Resolves the visitor. For a signed-out visitor it issues a pre-session cookie when `forForm`
   * (pages that render a form), so their CSRF token has something to derive from.
   */
  async resolve(req: FastifyRequest, reply: FastifyReply, forForm = false): Promise<Visitor> {
    const cookies = parseCookies(req.headers.cookie);
    const sid = cookies.get(SESSION_COOKIE);
    if (sid) {
      const session = await this.sessions.find(sid);
      if (session) return { session: { ...session, id: sid }, csrf: csrfTokenFor(sid), seed: sid };
      appendCookie(reply, cookie(SESSION_COOKIE, '', 0, this.cookieOpts));
    }
    let pre = cookies.get(PRESESSION_COOKIE);
    if (pre && !/^[A-Za-z0-9_-]{43}$/.test(pre)) pre = undefined;
    if (!pre && forForm) {
      pre = newSecret();
      appendCookie(reply, cookie(PRESESSION_COOKIE, pre, 60 * 60 * 24, this.cookieOpts));
    }
    return { session: null, csrf: pre ? csrfTokenFor(pre) : '', seed: pre ?? null };
  }

  /** True when the request carries this visitor's CSRF token (form field `_csrf` or header `x-csrf-token`). */
  csrfOk(req: FastifyRequest, visitor: Visitor): boolean {
    if (!visitor.seed) return false;
    const header = req.headers['x-csrf-token'];
    const body = req.body as Record<string, unknown> | undefined;
    const presented =
      typeof header === 'string' ? header : body && typeof body === 'object' ? body._csrf : undefined;
    return csrfTokenMatches(visitor.seed, presented);
  }

  /** Starts a signed-in session: a fresh id (no fixation), and the pre-session cookie is dropped. */
  async signIn(reply: FastifyReply, userId: string): Promise<void> {
    const id = await this.sessions.create(userId);
    appendCookie(reply, cookie(SESSION_COOKIE, id, Math.floor(SESSION_MAX_MS / 1000), this.cookieOpts));
    appendCookie(reply, cookie(PRESESSION_COOKIE, '', 0, this.cookieOpts));
  }

  /** True while the session behind this cookie value is still live (live streams re-check it). */
  async sessionAlive(id: string): Promise<boolean> {
    return (await this.sessions.find(id)) !== null;
  }

  async signOut(reply: FastifyReply, visitor: Visitor): Promise<void> {
    if (visitor.session) await this.sessions.destroy(visitor.session.id);
    appendCookie(reply, cookie(SESSION_COOKIE, '', 0, this.cookieOpts));
  }
}
