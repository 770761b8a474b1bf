// The bytes of a first visit (empty cache) to the home page and to a survey
// page, which loads the survey bundle instead of the main one: every
// response the page needs, raw, with gzip -9 and brotli q11, and what the
// server actually sent. Prints figures only; `cargo xtask bench` runs it
// against the release build.

import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

import { baseUrl, launchBrowser } from '../helpers.mjs';

// The first-visit budgets (brotli): the home page, a survey page, and
// every other page.
const BUDGETS = { '/': 110 * 1000, '/surveys/quick-poll-open-data': 200 * 1000 };
const OTHER_BUDGET = 150 * 1000;

// For comparison, measured elsewhere: a React 19 + SurveyJS 3.0 build
// spends about 300 KB brotli on SurveyJS alone.
const PAGES = ['/', '/petitions/lobbying-in-the-open', '/surveys/quick-poll-open-data', '/ar/privacy'];

const browser = await launchBrowser();
try {
  for (const path of PAGES) await measure(path);
} finally {
  await browser.close();
}

async function measure(path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const responses = [];
  page.on('response', (response) => responses.push(response));
  await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
  await page.locator('h1').first().waitFor({ timeout: 15000 });

  const rows = [];
  for (const response of responses) {
    const body = await response.body();
    const sizes = await response.request().sizes();
    rows.push({
      path: new URL(response.url()).pathname,
      status: response.status(),
      encoding: (await response.headerValue('content-encoding')) ?? '-',
      sent: sizes.responseBodySize,
      raw: body.length,
      gzip: gzipSync(body, { level: 9 }).length,
      brotli: brotliCompressSync(body, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
      }).length,
    });
  }
  await context.close();
  printTable(path, rows);
}

function printTable(path, rows) {
  const total = (key) => rows.reduce((sum, row) => sum + row[key], 0);
  const totals = { path: 'total', status: '', encoding: '' };
  for (const key of ['sent', 'raw', 'gzip', 'brotli']) totals[key] = total(key);
  const columns = ['path', 'status', 'encoding', 'sent', 'raw', 'gzip', 'brotli'];
  const cells = [Object.fromEntries(columns.map((c) => [c, c])), ...rows, totals].map((row) =>
    columns.map((column) => String(row[column])),
  );
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(`\nfirst load of ${baseUrl}${path} (bytes; sent = what the server sent, compressed or not)`);
  cells.forEach((row, i) => {
    if (i === cells.length - 1) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    console.log(line(row));
  });
  const brotli = totals.brotli;
  const budget = BUDGETS[path] ?? OTHER_BUDGET;
  const verdict = brotli <= budget ? 'within' : 'over';
  console.log(`budget: ${budget / 1000} KB brotli for this first load: ${verdict} (${(brotli / 1000).toFixed(1)} KB)`);
}
