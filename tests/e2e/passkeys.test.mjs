// Passkeys and the account's credentials as a member uses them, with
// Chromium's virtual authenticator standing in for a phone's screen lock:
// add a passkey, sign out, sign in with it, remove it; change the password
// and the address. The new parts of the member area are axe clean on a
// phone in every language.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  LANGUAGES,
  assertNothingWentWrong,
  axeScan,
  baseUrl,
  fill,
  launchBrowser,
  mailTo,
  pathFor,
  startApp,
  strings,
  waitForHeading,
} from './helpers.mjs';
import { PASSWORD, addPasskey, linkIn, member, signIn, virtualAuthenticator } from './account_helpers.mjs';

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

describe('a member with a passkey', () => {
  test('adds one, signs out, signs in with it alone, then removes it and it no longer works', async () => {
    const lang = 'en';
    const ui = strings(lang);
    const address = `passkey-${Date.now()}@example.org`;
    const context = await browser.newContext();
    try {
      const { page, seen } = await member(context, lang, address);
      const { cdp, authenticatorId } = await virtualAuthenticator(page);

      await page.getByLabel(ui.account.passkey_name_label, { exact: true }).fill(' ');
      await page.getByRole('button', { name: ui.account.passkey_add, exact: true }).click();
      await page.getByText(ui.account.passkey_name_required, { exact: true }).waitFor({ timeout: 10000 });
      await addPasskey(page, lang, 'Test phone');
      await page.getByRole('listitem').filter({ hasText: 'Test phone' }).waitFor({ timeout: 10000 });
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      assert.equal(credentials.length, 1, 'the authenticator holds the passkey');
      assert.ok(credentials[0].isResidentCredential, 'discoverable: no address needed to sign in');
      const notice = await mailTo(address, (mail) => mail.text.includes('"Test phone"'));
      assert.match(notice.subject, /passkey/i);
      assert.deepEqual(await axeScan(page), [], 'the member area with a passkey');

      await page.getByRole('button', { name: ui.account.sign_out, exact: true }).click();
      await page.getByText(ui.account.signed_out, { exact: true }).waitFor({ timeout: 10000 });
      await page.goto(baseUrl + pathFor(lang, 'sign-in'));
      await waitForHeading(page, ui.sign_in.title);
      await startApp(page);
      await page.getByRole('button', { name: ui.sign_in.passkey_button, exact: true }).click();
      await waitForHeading(page, ui.account.title);
      await page.getByText(fill(ui.account.passkey_days, { added: today(), used: today() }), { exact: true }).waitFor({ timeout: 10000 });
      const cookie = (await context.cookies()).find((c) => c.name === 'civic.session');
      assert.ok(cookie?.httpOnly, 'signed in with the session cookie');

      await page.getByRole('button', { name: fill(ui.account.passkey_remove, { name: 'Test phone' }), exact: true }).click();
      await page.getByText(ui.account.passkey_removed, { exact: true }).waitFor({ timeout: 10000 });
      await page.getByText(ui.account.passkeys_none, { exact: true }).waitFor({ timeout: 10000 });
      await mailTo(address, (mail) => mail.text.includes('"Test phone"') && mail.subject.includes('removed'));

      await page.getByRole('button', { name: ui.account.sign_out, exact: true }).click();
      await page.getByText(ui.account.signed_out, { exact: true }).waitFor({ timeout: 10000 });
      await page.goto(baseUrl + pathFor(lang, 'sign-in'));
      await waitForHeading(page, ui.sign_in.title);
      await startApp(page);
      await page.getByRole('button', { name: ui.sign_in.passkey_button, exact: true }).click();
      await page.getByRole('alert').getByText(ui.sign_in.passkey_not_accepted, { exact: true }).waitFor({ timeout: 15000 });
      assert.deepEqual(await axeScan(page), [], 'the sign-in page with its refusal');
      // Signed out, the member area is told 401 (twice); the refused
      // passkey answer is the point of this last step.
      const expected = ({ url, status }) =>
        status === 401 && (url.endsWith('/api/session') || url.endsWith('/api/sessions/passkey'));
      assert.equal(seen.errorResponses.filter(expected).length, 3, JSON.stringify(seen.errorResponses));
      seen.errorResponses = seen.errorResponses.filter((response) => !expected(response));
      seen.consoleErrors = seen.consoleErrors.filter(({ text }) => !/status of 401/.test(text));
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });
});

/** Today as the API writes days (UTC). */
function today() {
  return new Date().toISOString().slice(0, 10);
}

describe('a member changing credentials', () => {
  test('turns the newsletter on, changes the password, then the address from the link sent to the new one', async () => {
    const lang = 'en';
    const ui = strings(lang);
    const stamp = Date.now();
    const address = `changing-${stamp}@example.org`;
    const moved = `moved-${stamp}@example.net`;
    const newPassword = 'cedar window harbour piano';
    const context = await browser.newContext();
    try {
      const { page, seen } = await member(context, lang, address);

      const newsletter = page.getByLabel(ui.join.newsletter_label, { exact: true });
      assert.equal(await newsletter.isChecked(), false, 'never ticked for anyone');
      await newsletter.check();
      await page.getByRole('button', { name: ui.account.save, exact: true }).click();
      await page.getByText(ui.account.saved, { exact: true }).waitFor({ timeout: 10000 });
      await mailTo(address, (mail) => mail.headers.some(([name]) => name === 'List-Unsubscribe'));

      await page.getByLabel(ui.account.current_password_label, { exact: true }).fill('not my passphrase at all');
      await page.getByLabel(ui.account.new_password_label, { exact: true }).fill(newPassword);
      await page.getByRole('button', { name: ui.account.password_submit, exact: true }).click();
      await page.getByText(ui.account.wrong_current_password, { exact: true }).first().waitFor({ timeout: 10000 });
      assert.equal(
        await page.getByLabel(ui.account.new_password_label, { exact: true }).inputValue(),
        newPassword,
        'nothing typed is lost',
      );
      await page.getByLabel(ui.account.current_password_label, { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: ui.account.password_submit, exact: true }).click();
      await page.getByText(ui.account.password_changed, { exact: true }).waitFor({ timeout: 15000 });

      await page.getByLabel(ui.account.new_email_label, { exact: true }).fill(moved);
      await page.getByLabel(ui.account.confirm_password_label, { exact: true }).fill(newPassword);
      await page.getByRole('button', { name: ui.account.email_submit, exact: true }).click();
      await page.getByText(fill(ui.account.email_waiting, { email: moved }), { exact: true }).waitFor({ timeout: 10000 });
      assert.deepEqual(await axeScan(page), [], 'the member area after both changes');

      const link = await mailTo(moved, (mail) => mail.text.includes('/confirm-email?t='));
      await page.goto(baseUrl + linkIn(link, '/confirm-email?t='));
      await page.getByText(ui.confirm_email.confirmed, { exact: true }).waitFor({ timeout: 10000 });
      assert.deepEqual(await axeScan(page), [], 'the confirmed address');
      await mailTo(address, (mail) => mail.text.includes(moved));

      await page.getByRole('link', { name: ui.confirm_email.account_link, exact: true }).click();
      await waitForHeading(page, ui.account.title);
      await page.getByText(fill(ui.account.signed_in_as, { email: moved, since: today() }), { exact: true }).waitFor({ timeout: 10000 });
      await page.getByRole('button', { name: ui.account.sign_out, exact: true }).click();
      await page.getByText(ui.account.signed_out, { exact: true }).waitFor({ timeout: 10000 });
      await page.goto(baseUrl + pathFor(lang, 'sign-in'));
      await waitForHeading(page, ui.sign_in.title);
      await startApp(page);
      await signIn(page, lang, moved, newPassword);
      await waitForHeading(page, ui.account.title);
      // The wrong current password (422), and who is signed in once nobody
      // is (401).
      const expected = ({ url, status }) =>
        (status === 422 && url.endsWith('/api/account/password')) || (status === 401 && url.endsWith('/api/session'));
      assert.equal(seen.errorResponses.filter(expected).length, 2, JSON.stringify(seen.errorResponses));
      seen.errorResponses = seen.errorResponses.filter((response) => !expected(response));
      seen.consoleErrors = seen.consoleErrors.filter(({ text }) => !/status of (401|422)/.test(text));
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });
});

for (const lang of LANGUAGES) {
  test(`on a 360 px phone in ${lang} the passkeys, password and address sections are axe clean, errors shown`, async () => {
    const ui = strings(lang);
    const context = await browser.newContext(PHONE);
    try {
      const { page } = await member(context, lang, `phone-${lang}-${Date.now()}@example.org`);
      await page.getByRole('heading', { name: ui.account.passkeys_heading, exact: true }).waitFor({ timeout: 10000 });
      await page.getByRole('button', { name: ui.account.passkey_add, exact: true }).click();
      await page.getByRole('button', { name: ui.account.password_submit, exact: true }).click();
      await page.getByRole('button', { name: ui.account.email_submit, exact: true }).click();
      await page.getByText(ui.account.passkey_name_required, { exact: true }).waitFor({ timeout: 10000 });
      assert.deepEqual(await axeScan(page), [], `${lang}: the member area with every error shown`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${lang}: nothing wider than the phone (${overflow}px)`);
    } finally {
      await context.close();
    }
  });
}

for (const lang of LANGUAGES) {
  test(`on a 360 px phone in ${lang} a dead link to confirm a new address says so, axe clean`, async () => {
    const ui = strings(lang);
    const context = await browser.newContext(PHONE);
    try {
      const page = await context.newPage();
      await page.goto(`${baseUrl}${pathFor(lang, 'confirm-email')}?t=e.not-a-real-token`);
      await waitForHeading(page, ui.confirm_email.title);
      await page.getByText(ui.confirm_email.invalid, { exact: true }).waitFor({ timeout: 10000 });
      await page.getByRole('link', { name: ui.confirm_email.account_link, exact: true }).waitFor();
      assert.deepEqual(await axeScan(page), [], `${lang}: the refused link`);
    } finally {
      await context.close();
    }
  });
}
