// The staff console as staff use it, drawn by the server in the first HTML
// and brought to life by its app once reached for: the first admin is made on the server
// (`civic-server make-admin`, as README says), signs in with a passkey
// (Chromium's virtual authenticator), finds a member, makes her an editor,
// and reads the change in the audit log; the editor sees only the exports.
// A member is told the console is not theirs. Axe clean on a 360 px phone
// in every language.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  LANGUAGES,
  assertNothingWentWrong,
  axeScan,
  baseUrl,
  fill,
  launchBrowser,
  pathFor,
  strings,
  waitForHeading,
} from './helpers.mjs';
import { addPasskey, joined, makeAdmin, member, openConsole, virtualAuthenticator } from './account_helpers.mjs';

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

describe('the staff console', () => {
  test('an admin makes a member an editor and reads it in the audit log; the editor sees only the exports', async () => {
    const lang = 'en';
    const ui = strings(lang);
    const stamp = Date.now();
    const adminAddress = `admin-${stamp}@example.org`;
    const editorAddress = `editor-${stamp}@example.org`;

    const editorContext = await browser.newContext();
    const adminContext = await browser.newContext(PHONE);
    try {
      // The future editor: an account with a passkey.
      const { page: editorPage } = await member(editorContext, lang, editorAddress);
      await virtualAuthenticator(editorPage);
      await addPasskey(editorPage, lang, 'Editor phone');

      const { page, seen } = await member(adminContext, lang, adminAddress);
      await virtualAuthenticator(page);
      await addPasskey(page, lang, 'Admin phone');
      makeAdmin(adminAddress);
      // Granting the role ended her sessions: she signs in again, with the passkey.
      await openConsole(page, lang);
      await page.getByRole('heading', { name: ui.console.people_heading, exact: true }).waitFor();

      await page.getByLabel(ui.console.search_label, { exact: true }).fill(`editor-${stamp}`);
      await page.getByRole('button', { name: ui.console.search_submit, exact: true }).click();
      const row = page.getByRole('listitem').filter({ hasText: editorAddress });
      await row.waitFor({ timeout: 10000 });
      await row.getByLabel(fill(ui.console.role_label, { email: editorAddress }), { exact: true }).selectOption('editor');
      await row.getByRole('button', { name: fill(ui.console.role_submit, { email: editorAddress }), exact: true }).click();
      await page
        .getByRole('status')
        .getByText(fill(ui.console.role_changed, { email: editorAddress, role: ui.console.role_editor }), { exact: true })
        .waitFor({ timeout: 10000 });
      assert.deepEqual(await axeScan(page), [], 'the people section after a change, at 360 px');

      await page.getByLabel(ui.console.audit_search_label, { exact: true }).fill(editorAddress);
      await page.getByRole('button', { name: ui.console.audit_search_submit, exact: true }).click();
      const line = page.getByRole('row').filter({ hasText: ui.console.action_role_changed });
      await line.waitFor({ timeout: 10000 });
      const text = await line.innerText();
      assert.ok(text.includes(adminAddress) && text.includes(editorAddress), text);
      assert.match(text, /role: member → editor/);
      assert.deepEqual(await axeScan(page), [], 'the audit log, at 360 px');
      assertNothingWentWrong(seen);

      // The editor signs in with her passkey: the exports, not the people.
      await openConsole(editorPage, lang);
      await editorPage.getByRole('heading', { name: ui.console.exports_heading, exact: true }).waitFor();
      assert.equal(await editorPage.getByRole('heading', { name: ui.console.people_heading, exact: true }).count(), 0);
      assert.equal(await editorPage.getByRole('heading', { name: ui.console.audit_heading, exact: true }).count(), 0);
      const download = editorPage.waitForEvent('download');
      await editorPage.getByRole('button', { name: ui.console.consents_submit, exact: true }).click();
      const file = await download;
      assert.match(file.suggestedFilename(), /^consents-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);

      // The admin sees the download in the log.
      await page.getByLabel(ui.console.audit_search_label, { exact: true }).fill('consents_exported');
      await page.getByRole('button', { name: ui.console.audit_search_submit, exact: true }).click();
      await page.getByRole('row').filter({ hasText: ui.console.action_consents_exported }).first().waitFor({ timeout: 10000 });

      for (const other of LANGUAGES.filter((l) => l !== lang)) {
        await page.goto(baseUrl + pathFor(other, 'admin'));
        await waitForHeading(page, strings(other).console.title);
        await page.getByRole('heading', { name: strings(other).console.audit_heading, exact: true }).waitFor();
        assert.deepEqual(await axeScan(page), [], `the console in ${other}, at 360 px`);
      }
    } finally {
      await editorContext.close();
      await adminContext.close();
    }
  });

  test('a member is told the console is for staff, and a visitor is asked to sign in', async () => {
    const lang = 'fr';
    const ui = strings(lang);
    const context = await browser.newContext(PHONE);
    try {
      const { page } = await member(context, lang, `member-${Date.now()}@example.org`);
      await page.goto(baseUrl + pathFor(lang, 'admin'));
      await waitForHeading(page, ui.console.title);
      await page.getByText(ui.console.members_only_staff, { exact: true }).waitFor({ timeout: 10000 });
      assert.deepEqual(await axeScan(page), [], 'the console refused to a member');
      await context.clearCookies();
      await page.goto(baseUrl + pathFor(lang, 'admin'));
      await page.getByText(ui.console.signed_out, { exact: true }).waitFor({ timeout: 10000 });
    } finally {
      await context.close();
    }
  });
});
