// A written page edited in the console, as an editor on a phone: the
// French "about" page gets a new paragraph, previewed as the site renders
// it, saved, and read on the site at once. Axe clean at 360 px.
//
// It changes the demo content's about page in French: named to run after
// the tests that read it.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  assertNothingWentWrong,
  axeScan,
  baseUrl,
  contentMeta,
  fill,
  launchBrowser,
  pathFor,
  strings,
  waitForHeading,
} from './helpers.mjs';
import { addPasskey, makeAdmin, member, openConsole, virtualAuthenticator } from './account_helpers.mjs';

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

describe('written pages in the console', () => {
  test('a French page gets a new paragraph, previewed, saved and read on the site', async () => {
    const lang = 'en';
    const ui = strings(lang);
    const stamp = Date.now();
    const address = `pages-admin-${stamp}@example.org`;
    const context = await browser.newContext(PHONE);
    try {
      const { page, seen } = await member(context, lang, address);
      await virtualAuthenticator(page);
      await addPasskey(page, lang, 'Campaign phone');
      makeAdmin(address);
      await openConsole(page, lang);

      const pages = page.getByRole('region', { name: ui.console.pages_heading, exact: true });
      const title = contentMeta('en', 'about').title;
      const edit = pages.getByRole('button', { name: fill(ui.console.page_edit, { title }), exact: true });
      await edit.waitFor({ timeout: 15000 });
      await edit.click();
      const french = pages.getByRole('group', { name: 'Français', exact: true });
      const text = french.getByRole('textbox', { name: ui.console.petition_body_label, exact: true });
      await text.waitFor({ timeout: 10000 });
      const before = await text.inputValue();
      assert.ok(before.length > 100, 'the page as written in content/pages');
      await text.fill(`${before}\n\nNous avons **ouvert** un bureau à Lyon (${stamp}).`);
      const preview = pages.getByRole('region', { name: `${ui.console.page_preview} Français` });
      await preview.locator('strong', { hasText: 'ouvert' }).waitFor({ timeout: 10000 });
      await pages.getByRole('button', { name: ui.console.page_save, exact: true }).click();
      await pages.getByText(ui.console.page_saved, { exact: true }).waitFor({ timeout: 10000 });
      assert.deepEqual(await axeScan(page), [], 'the page editor at 360 px');
      assertNothingWentWrong(seen);

      const reader = await context.newPage();
      await reader.goto(baseUrl + pathFor('fr', 'about'));
      await waitForHeading(reader, contentMeta('fr', 'about').title);
      await reader.getByText(`un bureau à Lyon (${stamp}).`, { exact: false }).waitFor({ timeout: 10000 });
      assert.equal(await reader.locator('main strong', { hasText: 'ouvert' }).count(), 1);
    } finally {
      await context.close();
    }
  });
});
