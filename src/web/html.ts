// Server-rendered HTML: escaping, one page shell shared by the linking pages and the web app, and
// the security headers every page sends. Pages must be readable on a phone (the Alexa app shows the
// linking pages in a web view) and usable by keyboard and screen reader.
import type { FastifyReply } from 'fastify';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A tagged template whose interpolations are escaped unless wrapped in raw(). */
export class Raw {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}
export const raw = (html: string): Raw => new Raw(html);
export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    const part = Array.isArray(v)
      ? v.map((x) => (x instanceof Raw ? x.html : esc(x))).join('')
      : v instanceof Raw
        ? v.html
        : esc(v);
    out += part + (strings[i + 1] ?? '');
  });
  return raw(out);
}

/**
 * Hosts the browser must be allowed to follow after a form post: Chrome and Safari apply CSP
 * form-action to the whole redirect chain, so the sign-in/consent post that ends at Amazon needs them.
 */
export const ALEXA_REDIRECT_ORIGINS = [
  'https://layla.amazon.com',
  'https://pitangui.amazon.com',
  'https://alexa.amazon.co.jp',
];

export function securityHeaders(extraFormAction: string[] = []): Record<string, string> {
  const formAction = ["'self'", ...ALEXA_REDIRECT_ORIGINS, ...extraFormAction].join(' ');
  return {
    'content-security-policy': `default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'; object-src 'none'`,
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  };
}

export const BASE_CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--bg:#f6f8fa;--card:#fff;--accent:#0b6bcb;--accent-fg:#fff;--danger:#b42318;--ok:#137333;--border:#d0d7de;--focus:#ffbf47}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header.top{display:flex;align-items:center;justify-content:space-between;gap:1rem;padding:.75rem 1rem;background:var(--card);border-bottom:1px solid var(--border)}
header.top a.brand{font-weight:700;text-decoration:none;color:var(--fg)}
main{max-width:40rem;margin:0 auto;padding:1rem}
main.wide{max-width:64rem}
.card{background:var(--card);border:1px solid var(--border);border-radius:.75rem;padding:1.25rem;margin:1rem 0}
h1{font-size:1.5rem;margin:.25rem 0 1rem}
h2{font-size:1.2rem;margin:0 0 .5rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input[type=email],input[type=password],input[type=text],input[type=number],select{width:100%;font:inherit;padding:.6rem .7rem;border:1px solid var(--border);border-radius:.5rem;background:#fff}
button,.button{display:inline-block;font:inherit;font-weight:600;padding:.6rem 1rem;border-radius:.5rem;border:1px solid var(--accent);background:var(--accent);color:var(--accent-fg);cursor:pointer;text-decoration:none;min-height:44px}
button.secondary,.button.secondary{background:#fff;color:var(--accent)}
button.danger{background:var(--danger);border-color:var(--danger)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.actions{display:flex;gap:.75rem;flex-wrap:wrap;margin-top:1rem}
.error{border-left:4px solid var(--danger);background:#fdecea;padding:.75rem 1rem;border-radius:.25rem}
.notice{border-left:4px solid var(--ok);background:#e6f4ea;padding:.75rem 1rem;border-radius:.25rem}
.muted{color:var(--muted)}
ul.scopes{padding-left:1.25rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

export interface PageOptions {
  title: string;
  body: Raw;
  /** Extra markup for the top bar's right side (e.g. a sign-out form). */
  nav?: Raw;
  wide?: boolean;
  /** Same-origin script URLs. */
  scripts?: string[];
}

export function page(opts: PageOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(opts.title)} · My Lights</title>
<style>${BASE_CSS}</style>
</head>
<body>
<header class="top"><a class="brand" href="/">💡 My Lights</a>${opts.nav?.html ?? ''}</header>
<main${opts.wide ? ' class="wide"' : ''} id="main">
${opts.body.html}
</main>
${(opts.scripts ?? []).map((s) => `<script src="${esc(s)}" defer></script>`).join('\n')}
</body>
</html>`;
}

/** Sends a page with the security headers. */
export function sendPage(reply: FastifyReply, status: number, opts: PageOptions): FastifyReply {
  return reply.code(status).headers(securityHeaders()).type('text/html; charset=utf-8').send(page(opts));
}
