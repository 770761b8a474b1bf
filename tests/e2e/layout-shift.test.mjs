// The page is drawn by the app and its text arrives from the API a moment
// later; nothing the visitor already sees may jump when it does. Measured
// with the browser's own Layout Instability API, on a phone-sized screen,
// against "good" in Core Web Vitals (a cumulative shift under 0.1).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { LANGUAGES, launchBrowser, pagesOf, recordLayoutShifts, visit } from './helpers.mjs';

const GOOD_CUMULATIVE_SHIFT = 0.1;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

for (const lang of LANGUAGES) {
  for (const key of ['home', 'privacy']) {
    test(`the ${key} page in ${lang} loads on a phone without visible layout shift`, async () => {
      const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1 });
      try {
        await context.addInitScript(recordLayoutShifts);
        const info = pagesOf(lang).find((page) => page.key === key);
        const { page } = await visit(context, info);
        await page.waitForLoadState('networkidle');
        const shift = await page.evaluate(() => window.__layoutShift);
        assert.ok(shift < GOOD_CUMULATIVE_SHIFT, `cumulative layout shift ${shift.toFixed(3)} on ${info.path}`);
      } finally {
        await context.close();
      }
    });
  }
}
