// A minimal browser for the linking pages: fetch with a cookie jar, manual redirects and the forms'
// hidden fields. Playing Alexa's part needs no more than this.
export class Browser {
  private readonly cookies = new Map<string, string>();

  /** `headers` go on every request (e.g. the X-Forwarded-For a proxy in front would add). */
  constructor(private readonly headers: Record<string, string> = {}) {}

  /** Every response status and URL, in order. */
  readonly trail: Array<{ status: number; url: string }> = [];

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  setCookies(): string[] {
    return this.rawSetCookies;
  }
  private rawSetCookies: string[] = [];

  forget(namePrefix: string): void {
    for (const k of [...this.cookies.keys()]) if (k.startsWith(namePrefix)) this.cookies.delete(k);
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers({ ...this.headers, ...Object.fromEntries(new Headers(init.headers)) });
    if (this.cookies.size) headers.set('cookie', this.cookieHeader());
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      this.rawSetCookies.push(c);
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      if (!value || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    this.trail.push({ status: res.status, url });
    return res;
  }

  /** Follows redirects from url until one leaves `origin` (returned, not fetched) or a page is reached. */
  async follow(url: string, origin: string): Promise<{ res?: Response; url: string }> {
    let current = url;
    for (let i = 0; i < 10; i++) {
      if (!current.startsWith(origin)) return { url: current };
      const res = await this.request(current);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        current = new URL(location, current).href;
        continue;
      }
      return { res, url: current };
    }
    throw new Error('too many redirects');
  }

  async submit(origin: string, action: string, fields: Record<string, string>): Promise<Response> {
    return this.request(new URL(action, origin).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }
}

/** The hidden CSRF field and action of the form whose action ends with `step`. */
export function form(html: string, step: string): { action: string; csrf: string } {
  const forms = [...html.matchAll(/<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/g)];
  const match = forms.find((f) => f[1]!.endsWith(`/${step}`));
  if (!match) throw new Error(`no ${step} form in page:\n${html}`);
  const csrf = /name="csrf" value="([^"]+)"/.exec(match[2]!)?.[1];
  if (!csrf) throw new Error('form has no csrf field');
  return { action: match[1]!.replace(/&amp;/g, '&'), csrf };
}
