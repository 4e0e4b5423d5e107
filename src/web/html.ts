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
:root{color-scheme:light dark;--fg:#1c2430;--muted:#5b6673;--bg:#f4f6f8;--card:#fff;--accent:#1d5fbf;--accent-hover:#174c99;--accent-fg:#fff;--accent-soft:#e8f0fb;--danger:#b42318;--danger-soft:#fdecea;--ok:#146c2e;--ok-soft:#e7f4ea;--border:#d5dbe1;--focus:#f5b400;--input:#fff;--radius:.75rem}
@media (prefers-color-scheme:dark){:root{--fg:#e6eaef;--muted:#a3adb8;--bg:#12161b;--card:#1b2128;--accent:#6aa3ff;--accent-hover:#8db8ff;--accent-fg:#0b1320;--accent-soft:#1c2a3d;--danger:#ff8a80;--danger-soft:#3a1d1b;--ok:#7fd99a;--ok-soft:#17301f;--border:#33404d;--input:#12161b}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
a:hover{color:var(--accent-hover)}
.skip{position:absolute;left:-999px;top:0;background:var(--card);padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem;top:.5rem}
header.top{display:flex;align-items:center;justify-content:space-between;flex-wrap:wrap;gap:.5rem 1rem;padding:.75rem 1rem;background:var(--card);border-bottom:1px solid var(--border)}
header.top a.brand{display:inline-flex;align-items:center;gap:.4rem;font-weight:700;font-size:1.1rem;text-decoration:none;color:var(--fg);min-height:44px}
header.top .signout{order:3;margin:0}
header.top .top-link{margin-left:auto;padding:.5rem .75rem;min-height:44px;line-height:28px}
nav.app-nav{order:2;margin-left:auto}
nav.app-nav ul{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem;list-style:none;margin:0;padding:0}
nav.app-nav a{display:inline-block;padding:.5rem .75rem;border-radius:.5rem;text-decoration:none;color:var(--fg);min-height:44px;line-height:28px}
nav.app-nav a:hover{background:var(--accent-soft)}
nav.app-nav a[aria-current=page]{background:var(--accent-soft);color:var(--accent);font-weight:600}
nav.app-nav form{margin:0}
main{max-width:40rem;margin:0 auto;padding:1rem 1rem 3rem}
main.wide{max-width:64rem}
.card{background:var(--card);border:1px solid var(--border);border-radius:var(--radius);padding:1.25rem;margin:1rem 0}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:0 0 .5rem}
h3{font-size:1.05rem;margin:0}
p{margin:.5rem 0}
label{display:block;font-weight:600;margin:.85rem 0 .3rem}
.hint{display:block;color:var(--muted);font-size:.9rem;margin:.2rem 0 0}
input[type=email],input[type=password],input[type=text],input[type=number],select{width:100%;font:inherit;color:var(--fg);padding:.65rem .75rem;border:1px solid var(--border);border-radius:.5rem;background:var(--input);min-height:44px}
input[type=range]{width:100%;min-height:44px;accent-color:var(--accent)}
input[type=color]{width:3.5rem;height:44px;padding:.15rem;border:1px solid var(--border);border-radius:.5rem;background:var(--input)}
input:user-invalid{border-color:var(--danger)}
button,.button{display:inline-flex;align-items:center;justify-content:center;gap:.4rem;font:inherit;font-weight:600;padding:.6rem 1.1rem;border-radius:.5rem;border:1px solid var(--accent);background:var(--accent);color:var(--accent-fg);cursor:pointer;text-decoration:none;min-height:44px}
button:hover,.button:hover{background:var(--accent-hover);border-color:var(--accent-hover);color:var(--accent-fg)}
button.secondary,.button.secondary{background:transparent;color:var(--accent)}
button.secondary:hover,.button.secondary:hover{background:var(--accent-soft);color:var(--accent)}
button.link{background:none;border:0;color:var(--accent);padding:.5rem .75rem;font-weight:400}
button.link:hover{background:var(--accent-soft);color:var(--accent)}
button.danger{background:var(--danger);border-color:var(--danger);color:#fff}
button.danger.secondary{background:transparent;color:var(--danger)}
button[disabled]{opacity:.6;cursor:progress}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.actions{display:flex;gap:.75rem;flex-wrap:wrap;align-items:center;margin-top:1rem}
.error,.notice{padding:.75rem 1rem;border-radius:.5rem;margin:1rem 0}
.error{border-left:4px solid var(--danger);background:var(--danger-soft)}
.notice{border-left:4px solid var(--ok);background:var(--ok-soft)}
.error strong,.notice strong{display:block}
.muted{color:var(--muted)}
ul.scopes{padding-left:1.25rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.lead{font-size:1.1rem;color:var(--muted)}
.devices{list-style:none;margin:0;padding:0;display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr))}
.devices>li{margin:0}
.device-head{display:flex;align-items:center;gap:.75rem}
.swatch{flex:none;width:2.25rem;height:2.25rem;border-radius:50%;border:2px solid var(--border);background:#444}
.swatch.off{background:transparent!important;border-style:dashed}
.badge{margin-left:auto;font-size:.8rem;font-weight:600;padding:.1rem .5rem;border-radius:1rem;background:var(--danger-soft);color:var(--danger)}
.badge[hidden]{display:none}
.state{font-weight:600;margin:.5rem 0 .25rem}
.device form{margin:0}
.device form[data-live=power]{margin:.5rem 0}
.control-row{display:flex;align-items:end;gap:.5rem;margin-top:.5rem}
.control-row>div{flex:1}
.control-row label{margin-top:.25rem}
.device-error{margin:.75rem 0 0}
details{margin-top:.75rem}
summary{cursor:pointer;color:var(--accent);min-height:44px;display:flex;align-items:center}
.linked{list-style:none;margin:0;padding:0}
.linked>li{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.75rem;padding:1rem 0;border-top:1px solid var(--border)}
.linked>li:first-child{border-top:0}
.linked dl{display:grid;grid-template-columns:auto 1fr;gap:0 .75rem;margin:.25rem 0 0;color:var(--muted);font-size:.95rem}
.linked dd{margin:0}
.danger-zone{border-color:var(--danger)}
.js .control-row button{display:none}
@media (max-width:40rem){header.top{padding:.25rem .75rem 0}header.top .signout{order:2;margin-left:auto}nav.app-nav{order:3;flex-basis:100%;margin:0 -.25rem}nav.app-nav a{padding:.5rem .6rem}}
@media (max-width:30rem){main{padding:.75rem .75rem 2rem}.card{padding:1rem}h1{font-size:1.4rem}.actions>button,.actions>.button{flex:1}}
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
<a class="skip" href="#main">Skip to content</a>
<header class="top"><a class="brand" href="/"><svg class="logo" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false"><path d="M12 2a7 7 0 0 0-4 12.7V17a1 1 0 0 0 1 1h6a1 1 0 0 0 1-1v-2.3A7 7 0 0 0 12 2z" fill="#f5b400"/><path d="M9 20h6v1a1 1 0 0 1-1 1h-4a1 1 0 0 1-1-1z" fill="currentColor"/></svg>My Lights</a>${opts.nav?.html ?? ''}</header>
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
