// The privacy policy's promise, checked in the browser: visiting the site
// stores nothing on the visitor's device and contacts no one else.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { LANGUAGES, launchBrowser, origin, pagesOf, visit } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

test('visiting every page in every language sets no cookie, stores nothing and contacts no other site', async () => {
  // A first visit: nobody has decided anything about consent yet.
  const context = await browser.newContext({ consent: null });
  try {
    for (const info of LANGUAGES.flatMap(pagesOf)) {
      const { page, seen } = await visit(context, info);
      const stored = await page.evaluate(() => ({
        cookie: document.cookie,
        localStorage: localStorage.length,
        sessionStorage: sessionStorage.length,
      }));
      assert.deepEqual(stored, { cookie: '', localStorage: 0, sessionStorage: 0 }, `after ${info.path}`);
      assert.deepEqual(
        seen.requests.filter((url) => new URL(url).origin !== origin),
        [],
        `requests to another origin from ${info.path}`,
      );
      await page.close();
    }
    assert.deepEqual(await context.cookies(), []);
  } finally {
    await context.close();
  }
});
