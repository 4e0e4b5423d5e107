// Just enough of a browser for the linking pages: a cookie jar, manual redirects, and the HTML
// forms (action, hidden fields) a person would submit. Used when `alexa link` signs in itself.

export interface HtmlForm {
  action: string;
  fields: Record<string, string>;
  /** Input names by type, to fill the sign-in form. */
  inputs: Array<{ name: string; type: string }>;
  buttons: string[];
}

const attr = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return m ? (m[2] ?? m[3]) : undefined;
};

const unescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Every POST form of a page. */
export function parseForms(html: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const open = m[1]!;
    if ((attr(open, 'method') ?? 'get').toLowerCase() !== 'post') continue;
    const form: HtmlForm = {
      action: unescape(attr(open, 'action') ?? ''),
      fields: {},
      inputs: [],
      buttons: [],
    };
    for (const input of m[2]!.matchAll(/<input\b[^>]*>/gi)) {
      const name = attr(input[0], 'name');
      if (!name) continue;
      const type = (attr(input[0], 'type') ?? 'text').toLowerCase();
      form.inputs.push({ name, type });
      const value = attr(input[0], 'value');
      if (value !== undefined) form.fields[name] = unescape(value);
    }
    for (const b of m[2]!.matchAll(/<button\b[^>]*>([\s\S]*?)<\/button>/gi))
      form.buttons.push(b[1]!.replace(/<[^>]+>/g, '').trim());
    forms.push(form);
  }
  return forms;
}

/** The text of the page's error box, if any (shown when sign-in fails). */
export function pageError(html: string): string | undefined {
  const m = /class="error"[^>]*>([\s\S]*?)<\/(?:div|p)>/i.exec(html);
  return m
    ? unescape(
        m[1]!
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      )
    : undefined;
}

export class MiniBrowser {
  private readonly cookies = new Map<string, string>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, {
      ...init,
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0]!;
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (!value || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /**
   * Follows redirects from `url` while they stay on `origin`; a redirect elsewhere (the client's
   * redirect URI) is returned without being fetched, as Alexa's app would hand it to Alexa.
   */
  async follow(
    url: string,
    origin: string,
  ): Promise<{ page?: { status: number; html: string; url: string }; leftTo?: string }> {
    let current = url;
    for (let i = 0; i < 15; i++) {
      if (new URL(current).origin !== origin) return { leftTo: current };
      const res = await this.request(current);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        current = new URL(location, current).href;
        continue;
      }
      return { page: { status: res.status, html: await res.text(), url: current } };
    }
    throw new Error('too many redirects');
  }

  submit(url: string, fields: Record<string, string>): Promise<Response> {
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }
}
