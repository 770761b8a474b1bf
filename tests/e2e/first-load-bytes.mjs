// What a first visit to a page downloads, response by response: the page
// opened in a fresh browser as a first-time visitor on a phone (nothing
// decided, nothing cached, a 390 px screen, so the images of its first
// screen are fetched and the lazy ones below it are not), until the
// network is idle. Each body is counted raw, with gzip -9 and with brotli
// q11, whatever the server chose to send. The budget test and
// `cargo xtask bench` both measure with it.

import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

import { baseUrl } from './helpers.mjs';

/** The first-visit budgets, brotli bytes: the home page, survey pages, any other page. */
export const BUDGETS = { home: 110 * 1000, survey: 200 * 1000, other: 150 * 1000 };

export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** The budget of the page at `path`. */
export function budgetOf(path) {
  const segments = path.split('/').filter(Boolean);
  const [first, second] = ['fr', 'es', 'ar'].includes(segments[0]) ? segments.slice(1) : segments;
  if (first === undefined) return BUDGETS.home;
  if (first === 'surveys' && second !== undefined) return BUDGETS.survey;
  return BUDGETS.other;
}

export function brotli(body) {
  return brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  }).length;
}

/** Every response of a first visit to `path`, with its sizes. */
export async function firstLoad(browser, path) {
  const context = await browser.newContext({ consent: null, ...PHONE });
  try {
    const page = await context.newPage();
    const responses = [];
    page.on('response', (response) => responses.push(response));
    await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
    await page.locator('h1').first().waitFor({ timeout: 15000 });
    const rows = [];
    for (const response of responses) {
      // A redirect has no body of its own.
      if (response.status() >= 300 && response.status() < 400) continue;
      const body = await response.body();
      const sizes = await response.request().sizes();
      rows.push({
        path: new URL(response.url()).pathname,
        status: response.status(),
        encoding: (await response.headerValue('content-encoding')) ?? '-',
        sent: sizes.responseBodySize,
        raw: body.length,
        gzip: gzipSync(body, { level: 9 }).length,
        brotli: brotli(body),
      });
    }
    return rows;
  } finally {
    await context.close();
  }
}

export const total = (rows, key = 'brotli') => rows.reduce((sum, row) => sum + row[key], 0);
