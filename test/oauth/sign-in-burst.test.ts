// Checklist 30 under a burst: parallel sign-ins must not all pass the limit while the first password
// hashes run. Each attempt is checked and counted in one step, before Argon2 (src/oauth/rate-limit.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { oauthFixture, PASSWORD, type OAuthFixture } from './flow.ts';
import { prepareLinkingSignIn, prepareWebSignIn } from '../support/sign-in.ts';

const WRONG = 'wrong password';
const BURST = 30;

/** How many of each status a list holds, e.g. { 401: 5, 429: 25 }. */
function tally(statuses: number[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
  return out;
}

describe('checklist 30: sign-in limits hold under a burst of parallel attempts', () => {
  let f: OAuthFixture;
  before(async () => {
    f = await oauthFixture('sqlite', { pkce: false });
  });
  after(() => f?.cleanup());

  it('web sign-in: of 30 wrong passwords sent at once, 5 are checked and 25 refused', async () => {
    const email = 'burst-web@example.com';
    await f.app.accounts.create(email, PASSWORD);
    // Every form is loaded first, then all are posted together.
    const posts = await Promise.all(Array.from({ length: BURST }, () => prepareWebSignIn(f.url, undefined)));
    const statuses = await Promise.all(posts.map((post) => post(email, WRONG)));
    assert.deepEqual(tally(statuses), { 401: 5, 429: BURST - 5 });
    // The right password is refused too for the rest of the window: five failures lock the pair.
    assert.equal(await (await prepareWebSignIn(f.url, undefined))(email, PASSWORD), 429);
  });

  it('linking sign-in: the same burst on the account-linking page', async () => {
    const email = 'burst-linking@example.com';
    await f.app.accounts.create(email, PASSWORD);
    const posts = await Promise.all(Array.from({ length: BURST }, () => prepareLinkingSignIn(f, undefined)));
    const statuses = await Promise.all(posts.map((post) => post(email, WRONG)));
    // The web sign-ins above came from the same address and count against it (20 per IP in all).
    const counts = tally(statuses);
    assert.ok((counts[401] ?? 0) <= 5, `at most 5 checked, got ${JSON.stringify(counts)}`);
    assert.equal((counts[401] ?? 0) + (counts[429] ?? 0), BURST);
  });
});

describe('sign-in limits: successes are not failures', () => {
  let f: OAuthFixture;
  before(async () => {
    f = await oauthFixture('sqlite', { pkce: false });
  });
  after(() => f?.cleanup());

  it('right passwords take their count back: 30 in a row, then 5 wrong ones are still checked', async () => {
    // Each attempt counts as failed while its hash runs; the success takes it back.
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++)
      statuses.push(await (await prepareWebSignIn(f.url, undefined))(f.email, PASSWORD));
    assert.deepEqual(tally(statuses), { 303: 30 });
    const wrong: number[] = [];
    for (let i = 0; i < 6; i++) wrong.push(await (await prepareWebSignIn(f.url, undefined))(f.email, WRONG));
    assert.deepEqual(wrong, [401, 401, 401, 401, 401, 429]);
  });

  it('20 people behind one address sign in at once, each to their own account', async () => {
    // A server of its own: the test above left failures counted against this address.
    const own = await oauthFixture('sqlite', { pkce: false });
    try {
      const emails = Array.from({ length: 20 }, (_, i) => `office-${i}@example.com`);
      for (const email of emails) await own.app.accounts.create(email, PASSWORD);
      const posts = await Promise.all(emails.map(() => prepareWebSignIn(own.url, undefined)));
      const statuses = await Promise.all(posts.map((post, i) => post(emails[i]!, PASSWORD)));
      assert.deepEqual(tally(statuses), { 303: 20 });
    } finally {
      await own.cleanup();
    }
  });
});
