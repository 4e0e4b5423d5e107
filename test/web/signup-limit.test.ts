// Web sign-up costs an Argon2 hash per request: one address cannot make the server hash without end.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { freshServer } from '../support/env.ts';
import { Browser } from '../oauth/browser.ts';

/** The CSRF token of the sign-up form, whichever field name the page uses. */
function signUpForm(html: string): Record<string, string> {
  const form = /<form method="post" action="\/signup"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1] ?? '';
  const csrf = /type="hidden" name="([^"]+)" value="([^"]+)"/.exec(form);
  if (!csrf) throw new Error(`no sign-up form with a CSRF field in:\n${html}`);
  return { [csrf[1]!]: csrf[2]! };
}

describe('web app: sign-up limit', () => {
  let s: Awaited<ReturnType<typeof freshServer>>;
  before(async () => {
    s = await freshServer('sqlite');
  });
  after(() => s?.cleanup());

  it('refuses sign-ups from one address past the limit, before hashing, and says when to retry', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 21; i++) {
      // A fresh visitor each time, as a script would be.
      const browser = new Browser();
      const page = await (await browser.request(`${s.url}/signup`)).text();
      last = await browser.submit(s.url, '/signup', {
        ...signUpForm(page),
        email: `many-${i}@example.com`,
        password: 'long enough',
      });
      statuses.push(last.status);
    }
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(303));
    assert.equal(statuses[20], 429);
    assert.match(last!.headers.get('retry-after') ?? '', /^\d+$/);
    assert.match(await last!.text(), /Too many attempts from your network/);
    assert.equal(await s.app.accounts.findByEmail('many-20@example.com'), null);
  });
});
