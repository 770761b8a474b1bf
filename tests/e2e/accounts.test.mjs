// Accounts as a member lives them: join, open the account from the e-mail,
// sign in, see the member area and its sessions, sign out; forget the
// password and choose a new one from the e-mailed link. Every account page
// stays accessible on a phone in every language.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  LANGUAGES,
  assertNothingWentWrong,
  axeScan,
  baseUrl,
  launchBrowser,
  mailTo,
  pathFor,
  startApp,
  strings,
  fill,
  waitForHeading,
  watchedPage,
} from './helpers.mjs';
import { PASSWORD, join, joined, linkIn, member, open, signIn } from './account_helpers.mjs';

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

describe('a member', () => {
  test('joins, opens the account from the e-mail, signs in, sees the sessions and signs out', async () => {
    const lang = 'en';
    const ui = strings(lang);
    const address = `member-${Date.now()}@example.org`;
    const context = await browser.newContext();
    try {
      const { page, seen } = await open(context, lang, 'join', ui.join.title);
      await page.getByLabel(ui.join.password_label, { exact: true }).fill('password1234');
      await join(page, lang, address, 'password1234');
      await page.getByText(ui.account_form.errors.password_common, { exact: true }).waitFor({ timeout: 10000 });
      assert.equal(await page.getByLabel(ui.join.name_label, { exact: true }).inputValue(), 'Amira Haddad', 'nothing typed is lost');

      await page.getByLabel(ui.join.password_label, { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: ui.join.submit, exact: true }).click();
      await page.getByRole('heading', { name: ui.join.check_inbox_title, exact: true }).waitFor({ timeout: 10000 });

      const welcome = await mailTo(address, (mail) => mail.text.includes('/confirm-account?t='));
      await page.goto(baseUrl + linkIn(welcome, '/confirm-account?t='));
      await page.getByText(ui.confirm_account.confirmed, { exact: true }).waitFor({ timeout: 10000 });
      await page.getByRole('link', { name: ui.confirm_account.sign_in_link, exact: true }).click();
      await waitForHeading(page, ui.sign_in.title);
      await startApp(page);

      await signIn(page, lang, address, 'not my passphrase at all');
      await page.getByRole('alert').getByText(ui.sign_in.wrong, { exact: true }).waitFor({ timeout: 10000 });
      await signIn(page, lang, address, PASSWORD);
      await waitForHeading(page, ui.account.title);
      await page.getByText(ui.account.session_current, { exact: true }).waitFor({ timeout: 10000 });
      const cookie = (await context.cookies()).find((c) => c.name === 'civic.session');
      assert.ok(cookie?.httpOnly, 'the session cookie is HttpOnly');
      assert.equal(cookie.sameSite, 'Lax');
      assert.equal(await page.evaluate(() => document.cookie.includes('civic.session')), false, 'no script reads it');
      assert.deepEqual(await axeScan(page), []);

      await page.getByRole('button', { name: ui.account.sign_out, exact: true }).click();
      await page.getByText(ui.account.signed_out, { exact: true }).waitFor({ timeout: 10000 });
      // The refusals the test asked for: the common password (422), the
      // wrong one (401), and who is signed in once nobody is (401).
      const expected = ({ url, status }) =>
        (status === 422 && url.endsWith('/api/accounts')) ||
        (status === 401 && (url.endsWith('/api/sessions') || url.endsWith('/api/session')));
      assert.equal(seen.errorResponses.filter(expected).length, 3, JSON.stringify(seen.errorResponses));
      seen.errorResponses = seen.errorResponses.filter((response) => !expected(response));
      seen.consoleErrors = seen.consoleErrors.filter(({ text }) => !/status of (401|422)/.test(text));
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });

  test('forgets the password, chooses a new one from the e-mailed link, and the link then stops working', async () => {
    const lang = 'fr';
    const ui = strings(lang);
    const address = `forgetful-${Date.now()}@example.org`;
    const context = await browser.newContext();
    try {
      const { page } = await joined(context, lang, address);

      await page.goto(baseUrl + pathFor(lang, 'forgot-password'));
      await waitForHeading(page, ui.forgot_password.title);
      await startApp(page);
      await page.getByLabel(ui.forgot_password.email_label, { exact: true }).fill(address);
      await page.getByRole('button', { name: ui.forgot_password.submit, exact: true }).click();
      await page.getByText(fill(ui.forgot_password.sent, { email: address }), { exact: true }).waitFor({ timeout: 10000 });

      const reset = await mailTo(address, (mail) => mail.text.includes('/reset-password?t='));
      const link = linkIn(reset, '/reset-password?t=');
      await page.goto(baseUrl + link);
      await waitForHeading(page, ui.reset_password.title);
      await startApp(page);
      await page.getByLabel(ui.reset_password.password_label, { exact: true }).fill('copper meadow whistle dune');
      await page.getByRole('button', { name: ui.reset_password.submit, exact: true }).click();
      await page.getByText(ui.reset_password.done, { exact: true }).waitFor({ timeout: 10000 });
      assert.deepEqual(await axeScan(page), [], 'the new password is saved');
      await mailTo(address, (mail) => mail.subject.includes('mot de passe a été') || mail.subject.includes('mot de passe de votre compte Civic a'));

      await page.goto(baseUrl + link);
      await waitForHeading(page, ui.reset_password.title);
      await startApp(page);
      await page.getByLabel(ui.reset_password.password_label, { exact: true }).fill('another quiet harbour song');
      await page.getByRole('button', { name: ui.reset_password.submit, exact: true }).click();
      await page.getByText(ui.reset_password.invalid, { exact: true }).waitFor({ timeout: 10000 });
      assert.deepEqual(await axeScan(page), [], 'a used link');

      await page.goto(baseUrl + pathFor(lang, 'sign-in'));
      await waitForHeading(page, ui.sign_in.title);
      await startApp(page);
      await signIn(page, lang, address, 'copper meadow whistle dune');
      await waitForHeading(page, ui.account.title);
    } finally {
      await context.close();
    }
  });
});

describe('a page for members', () => {
  test('shows a lock where it is linked, asks a visitor to sign in, and comes back to it once signed in', async () => {
    const lang = 'fr';
    const ui = strings(lang);
    const address = `reader-${Date.now()}@example.org`;
    const context = await browser.newContext();
    try {
      const { page, seen } = await joined(context, lang, address);

      await page.goto(baseUrl + pathFor(lang, 'about'));
      const link = page.locator('a.members-link');
      assert.ok((await link.innerText()).includes('🔒'), 'a lock beside the link');
      assert.match(await link.evaluate((a) => a.textContent), new RegExp(ui.members_only.lock));
      await link.click();
      await waitForHeading(page, ui.members_only.title);
      assert.deepEqual(await axeScan(page), []);
      await page.getByRole('link', { name: ui.members_only.sign_in, exact: true }).click();
      await waitForHeading(page, ui.sign_in.title);
      await startApp(page);
      await signIn(page, lang, address, PASSWORD);
      await page.waitForURL((url) => url.pathname === pathFor(lang, 'members-handbook'), { timeout: 15000 });
      await waitForHeading(page, 'Guide de campagne');
      assert.deepEqual(await axeScan(page), []);
      // Only the page the test opened first asked who is signed in.
      seen.errorResponses = seen.errorResponses.filter(({ status }) => status !== 401);
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });
});

describe('a signed-in member', () => {
  test('is greeted on a petition, signs it in one click, finds it in the member area, and writes to us without retyping', async () => {
    const lang = 'en';
    const ui = strings(lang);
    const address = `signer-${Date.now()}@example.org`;
    const context = await browser.newContext();
    try {
      const { page, seen } = await member(context, lang, address);
      const slug = 'lobbying-in-the-open';
      await page.goto(baseUrl + pathFor(lang, `petitions/${slug}`));
      // The page asks for its app at once to greet the member.
      await page.getByRole('status').filter({ hasText: fill(ui.sign.greeting, { name: 'Amira' }) }).waitFor({ timeout: 15000 });
      assert.equal(await page.getByLabel(ui.sign.email_label, { exact: true }).inputValue(), address);
      await page.getByRole('button', { name: ui.sign.submit, exact: true }).click();
      await page.getByRole('heading', { name: fill(ui.thanks.heading, { name: 'Amira' }), exact: true }).waitFor({ timeout: 10000 });
      assert.deepEqual(await axeScan(page), []);
      assertNothingWentWrong(seen);

      // A page of its own: leaving the petition may cut its own requests short.
      const area = await watchedPage(context);
      await area.page.goto(baseUrl + pathFor(lang, 'account'));
      await waitForHeading(area.page, ui.account.title);
      const listed = area.page.locator('.my-petitions li');
      await listed.first().waitFor({ timeout: 10000 });
      assert.equal(await listed.count(), 1);
      assert.match(await listed.first().innerText(), /Signed on/);
      assert.equal(await listed.first().getByRole('link').getAttribute('href'), pathFor(lang, `petitions/${slug}`));
      assertNothingWentWrong(area.seen);

      // Writing to us, the form comes filled in.
      const contact = await watchedPage(context);
      await contact.page.goto(baseUrl + pathFor(lang, 'contact'));
      await waitForHeading(contact.page, ui.contact.title);
      assert.equal(await contact.page.getByLabel(ui.contact.name_label, { exact: true }).inputValue(), 'Amira Haddad');
      assert.equal(await contact.page.getByLabel(ui.contact.email_label, { exact: true }).inputValue(), address);
      await startApp(contact.page);
      assert.equal(await contact.page.getByLabel(ui.contact.email_label, { exact: true }).inputValue(), address, 'the app draws the same');
      assertNothingWentWrong(contact.seen);
    } finally {
      await context.close();
    }
  });
});

describe('a member’s data', () => {
  test('downloads everything held about them as one file, then deletes the account with the password', async () => {
    const lang = 'es';
    const ui = strings(lang);
    const address = `leaving-${Date.now()}@example.org`;
    const context = await browser.newContext({ acceptDownloads: true });
    try {
      const { page } = await member(context, lang, address);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: ui.account.data_download, exact: true }).click(),
      ]);
      assert.equal(download.suggestedFilename(), 'civic-my-data.json');
      const data = JSON.parse(await (await import('node:fs/promises')).readFile(await download.path(), 'utf8'));
      assert.equal(data.tables.accounts[0].email, address);
      assert.equal(data.tables.accounts[0].name, 'Amira Haddad');
      assert.ok(data.tables.account_sessions.length >= 1, 'the sessions are in it');

      const password = page.getByLabel(ui.account.delete_password_label, { exact: true });
      await password.fill('not my passphrase');
      await page.getByRole('button', { name: ui.account.delete_submit, exact: true }).click();
      await page.getByText(ui.account.delete_wrong_password, { exact: true }).waitFor({ timeout: 10000 });
      await password.fill(PASSWORD);
      await page.getByRole('button', { name: ui.account.delete_submit, exact: true }).click();
      await page.getByText(ui.account.deleted, { exact: true }).waitFor({ timeout: 10000 });
      assert.deepEqual(await axeScan(page), []);
      assert.equal((await context.cookies()).some((cookie) => cookie.name === 'civic.session'), false, 'signed out');

      await page.goto(baseUrl + pathFor(lang, 'sign-in'));
      await waitForHeading(page, ui.sign_in.title);
      await startApp(page);
      await signIn(page, lang, address, PASSWORD);
      await page.getByRole('alert').getByText(ui.sign_in.wrong, { exact: true }).waitFor({ timeout: 10000 });
    } finally {
      await context.close();
    }
  });
});

for (const lang of LANGUAGES) {
  test(`on a 360 px phone in ${lang} the join and sign-in pages fit, and axe finds nothing once errors show`, async () => {
    const ui = strings(lang);
    const context = await browser.newContext(PHONE);
    try {
      for (const [segment, heading, submit, error] of [
        ['join', ui.join.title, ui.join.submit, ui.account_form.errors.name_required],
        ['sign-in', ui.sign_in.title, ui.sign_in.submit, ui.account_form.errors.email_required],
        ['forgot-password', ui.forgot_password.title, ui.forgot_password.submit, ui.account_form.errors.email_required],
      ]) {
        const { page } = await open(context, lang, segment, heading);
        await page.getByRole('button', { name: submit, exact: true }).click();
        await page.getByText(error, { exact: true }).waitFor({ timeout: 5000 });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${segment}: the page is ${overflow} px wider than the phone`);
        assert.deepEqual(await axeScan(page), [], segment);
        await page.close();
      }
    } finally {
      await context.close();
    }
  });
}
