// The dashboard in a phone-sized browser: add, rename, control and remove a virtual light, live
// state from the device itself, and an offline device explained in place.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, signUp, type TestBrowser } from './browser.ts';
import { webServer, type WebServer } from './server.ts';

describe('web app: dashboard in the browser', () => {
  let s: WebServer;
  let b: TestBrowser;
  before(async () => {
    s = await webServer();
    b = await launchBrowser();
  });
  after(async () => {
    await b?.close();
    await s?.cleanup();
  });

  it('adds, renames, switches, dims, recolours and removes a light by keyboard and touch', async () => {
    const page = await (await b.context()).newPage();
    page.on('dialog', (d) => void d.accept());
    await signUp(page, s.url, 'dash@example.com', 'longenough');
    const user = (await s.app.accounts.findByEmail('dash@example.com'))!;

    await page.getByLabel('Name', { exact: true }).fill('Desk Lamp');
    await page.getByLabel('Type').selectOption('light');
    await page.getByRole('button', { name: 'Add device' }).click();
    await page.waitForURL(`${s.url}/dashboard`);
    const [device] = await s.app.devices.list(user.id);
    assert.ok(device);
    const card = page.locator(`#dev-${device.id}`);
    await s.until(async () => (await s.app.devices.get(user.id, device.id))?.online === true);
    await page.locator('body[data-live=connected]').waitFor();
    await card.locator('[data-field=offline]').waitFor({ state: 'hidden' });
    assert.equal(await card.locator('[data-field=summary]').innerText(), 'Off');

    // Switch on with the keyboard.
    await card.getByRole('button', { name: 'Turn on' }).focus();
    await page.keyboard.press('Enter');
    await card.getByRole('button', { name: 'Turn off' }).waitFor();
    assert.equal((await s.app.devices.get(user.id, device.id))?.state.powerState, 'ON');
    assert.match(await card.locator('[data-field=summary]').innerText(), /^On, 100% brightness/);

    // Dim with the slider (arrow keys move it; the change event sends the command).
    await card.getByLabel(/Brightness/).fill('40');
    await card.locator('[data-field=summary]').filter({ hasText: 'On, 40% brightness' }).waitFor();
    assert.equal((await s.app.devices.get(user.id, device.id))?.state.brightness, 40);

    // Recolour.
    await card.getByLabel('Colour').fill('#0000ff');
    await card.locator('[data-field=summary]').filter({ hasText: 'blue' }).waitFor();
    const color = (await s.app.devices.get(user.id, device.id))?.state.color as { hue: number };
    assert.equal(color.hue, 240);
    await screenshot(page, 'dashboard');

    // Rename.
    await card.getByText('Rename or remove').click();
    await card.getByLabel('New name').fill('Reading Lamp');
    await card.getByRole('button', { name: 'Rename' }).click();
    await page.locator(`#dev-${device.id} [data-field=name]`).filter({ hasText: 'Reading Lamp' }).waitFor();
    assert.equal((await s.app.devices.get(user.id, device.id))?.name, 'Reading Lamp');

    // A name that is too long is refused with what to do.
    await page.locator(`#dev-${device.id}`).getByText('Rename or remove').click();
    await page
      .locator(`#dev-${device.id}`)
      .getByLabel('New name')
      .evaluate((el) => el.removeAttribute('maxlength'));
    await page.locator(`#dev-${device.id}`).getByLabel('New name').fill('x'.repeat(200));
    await page.locator(`#dev-${device.id}`).getByRole('button', { name: 'Rename' }).click();
    assert.match(
      await page.getByRole('alert').first().innerText(),
      /was not renamed[\s\S]*1 to 128 characters/,
    );

    // Remove (after the confirmation dialog).
    await page.locator(`#dev-${device.id}`).getByText('Rename or remove').click();
    await page.locator(`#dev-${device.id}`).getByRole('button', { name: 'Remove Reading Lamp' }).click();
    await page.getByRole('status').filter({ hasText: 'Reading Lamp is removed' }).waitFor();
    assert.equal((await s.app.devices.list(user.id)).length, 0);
  });

  it('follows the device itself live, and explains an offline device with what to do', async () => {
    const page = await (await b.context()).newPage();
    await signUp(page, s.url, 'live@example.com', 'longenough');
    const user = (await s.app.accounts.findByEmail('live@example.com'))!;
    const light = await s.app.devices.add(user.id, 'light', 'Hall Light');
    // Another account's device changing must never reach this page.
    const stranger = await s.app.accounts.create('stranger@example.com', 'longenough');
    const theirs = await s.app.devices.add(stranger.id, 'light', 'Not Yours');

    await page.locator(`#dev-${light.id}`).waitFor();
    const card = page.locator(`#dev-${light.id}`);
    await page.locator('body[data-live=connected]').waitFor();
    await s.until(async () => (await s.app.devices.get(user.id, light.id))?.online === true);
    await card.locator('[data-field=offline]').waitFor({ state: 'hidden' });
    await page.evaluate('window.__sameDocument = true');

    // The state changes without this page doing anything (as a voice command would change it).
    await s.app.deviceControl.execute((await s.app.devices.get(stranger.id, theirs.id))!, {
      name: 'setPower',
      params: { powerState: 'ON' },
    });
    await s.app.deviceControl.execute((await s.app.devices.get(user.id, light.id))!, {
      name: 'setBrightness',
      params: { brightness: 25 },
    });
    await card.locator('[data-field=summary]').filter({ hasText: 'On, 25% brightness' }).waitFor();
    assert.equal(await page.locator('#dev-' + theirs.id).count(), 0);
    assert.equal(await page.evaluate('window.__sameDocument === true'), true, 'the page reloaded');

    // The device drops off the network: the badge appears, and a command says what to do.
    await s.app.gateway!.fleet!.get(light.id)!.stop();
    await card.locator('[data-field=offline]').waitFor({ state: 'visible' });
    await card.getByRole('button', { name: 'Turn off' }).click();
    const error = card.locator('[data-field=error] .error');
    await error.waitFor();
    assert.match(
      await error.innerText(),
      /Hall Light is offline, so it did not change\.[\s\S]*Check that it has power/,
    );
    await screenshot(page, 'dashboard-offline');
    assert.equal((await s.app.devices.get(user.id, light.id))?.state.powerState, 'ON');
  });
});
