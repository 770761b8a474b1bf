// Staff without a passkey: a member sets up an authenticator app in the
// member area (the app here is a few lines of RFC 6238 below, fed the key
// the page shows), is made an admin as README says, signs in with the
// password, and opens the console with a code from the app. Axe clean.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { assertNothingWentWrong, axeScan, baseUrl, launchBrowser, pathFor, startApp, strings, waitForHeading } from './helpers.mjs';
import { PASSWORD, makeAdmin, member, signIn } from './account_helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

/** RFC 4648 base32, as the page shows the key (in groups, spaces ignored). */
function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text.replace(/[\s=]/g, '').toUpperCase()) {
    bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let at = 0; at + 8 <= bits.length; at += 8) bytes.push(parseInt(bits.slice(at, at + 8), 2));
  return Buffer.from(bytes);
}

/** The app's six digits for the 30-second step `offset` steps from now (RFC 6238, HMAC-SHA1). */
function code(key, offset = 0) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30) + offset));
  const mac = createHmac('sha1', base32(key)).update(counter).digest();
  const at = mac[mac.length - 1] & 0x0f;
  const number = (mac.readUInt32BE(at) & 0x7fffffff) % 1_000_000;
  return String(number).padStart(6, '0');
}

describe('an authenticator app instead of a passkey', () => {
  test('is set up in the member area, and a code from it opens the console after a password sign-in', async () => {
    const lang = 'en';
    const ui = strings(lang);
    const address = `totp-admin-${Date.now()}@example.org`;
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    try {
      const { page, seen } = await member(context, lang, address);
      const section = page.getByRole('region', { name: ui.authenticator.heading, exact: true });
      await section.getByRole('button', { name: ui.authenticator.set_up, exact: true }).click();
      await section.getByRole('img', { name: ui.authenticator.qr_label, exact: true }).waitFor({ timeout: 10000 });
      const key = (await section.locator('.authenticator-key code').innerText()).trim();
      assert.match(key, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/, key);
      const field = section.getByRole('textbox', { name: ui.authenticator.code_label });
      await field.fill('000000');
      await section.getByRole('button', { name: ui.authenticator.turn_on, exact: true }).click();
      await section.getByText(ui.authenticator.code_wrong, { exact: true }).waitFor({ timeout: 10000 });
      await field.fill(code(key));
      await section.getByRole('button', { name: ui.authenticator.turn_on, exact: true }).click();
      await section.getByText(ui.authenticator.turned_on, { exact: true }).waitFor({ timeout: 10000 });
      assert.deepEqual(await axeScan(page), [], 'the member area with an authenticator app, at 360 px');
      // The one refusal is the wrong code typed on purpose.
      const refused = seen.errorResponses.filter(({ status }) => status === 422);
      assert.equal(refused.length, 1, 'the wrong code, refused once');
      seen.errorResponses = seen.errorResponses.filter(({ status }) => status !== 422);
      seen.consoleErrors = seen.consoleErrors.filter(({ text }) => !/status of 422/.test(text));
      assertNothingWentWrong(seen);

      // An admin now (which ends the sessions), signed in with the password alone.
      makeAdmin(address);
      await page.goto(baseUrl + pathFor(lang, 'sign-in'));
      await waitForHeading(page, ui.sign_in.title);
      await startApp(page);
      await signIn(page, lang, address, PASSWORD);
      await waitForHeading(page, ui.account.title);
      await page.goto(baseUrl + pathFor(lang, 'admin'));
      await waitForHeading(page, ui.console.title);
      await page.getByText(ui.console.needs_passkey, { exact: true }).waitFor();
      assert.equal(await page.getByRole('heading', { name: ui.console.people_heading, exact: true }).count(), 0);
      assert.deepEqual(await axeScan(page), [], 'the console asking for a code');

      // A code from the app (the next one: the first was used to turn it on).
      await startApp(page);
      const stepUp = page.getByRole('form', { name: ui.authenticator.step_up_intro, exact: true });
      await stepUp.getByRole('textbox', { name: ui.authenticator.code_label }).fill(code(key, 1));
      await stepUp.getByRole('button', { name: ui.authenticator.step_up_submit, exact: true }).click();
      await page.getByRole('heading', { name: ui.console.people_heading, exact: true }).waitFor({ timeout: 15000 });
      assert.deepEqual(await axeScan(page), [], 'the console opened with a code');
    } finally {
      await context.close();
    }
  });
});
