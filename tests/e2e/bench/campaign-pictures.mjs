// The pictures /campaigns downloads on a 390×844 phone at 1x, 2x and 3x:
// on opening it, and once scrolled to the end. Prints each picture and the
// totals; `cargo xtask bench` runs it.

import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS, baseUrl } from '../helpers.mjs';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: CHROMIUM_ARGS,
});
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
try {
  for (const density of [1, 2, 3]) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: density });
    const page = await context.newPage();
    const pictures = new Map();
    page.on('response', async (response) => {
      if (response.request().resourceType() !== 'image') return;
      const body = await response.body().catch(() => Buffer.alloc(0));
      pictures.set(response.url(), body.length);
    });
    await page.goto(`${baseUrl}/campaigns`);
    await page.locator('.petition-card img').first().waitFor({ timeout: 15000 });
    await page.waitForLoadState('networkidle');
    const opened = [...pictures.values()].reduce((sum, bytes) => sum + bytes, 0);
    const openedCount = pictures.size;
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForLoadState('networkidle');
    const scrolled = [...pictures.values()].reduce((sum, bytes) => sum + bytes, 0);
    console.log(
      `390 px phone at ${density}x: on opening ${openedCount} pictures, ${kib(opened)}; ` +
        `scrolled to the end ${pictures.size}, ${kib(scrolled)}`,
    );
    for (const [url, bytes] of pictures) console.log(`    ${new URL(url).pathname}  ${kib(bytes)}`);
    await context.close();
  }
} finally {
  await browser.close();
}
