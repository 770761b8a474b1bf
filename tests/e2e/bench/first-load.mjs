// The bytes of a first visit (a phone, empty cache, nothing decided) to the
// home page, a petition, a survey and a written page in Arabic: every
// response the page needs, raw, with gzip -9 and brotli q11, and what the
// server actually sent, against each page's budget. Prints figures only;
// `cargo xtask bench` runs it against the release build, and the budget
// test (budget.test.mjs) holds the pages that keep within theirs.

import { budgetOf, firstLoad } from '../first-load-bytes.mjs';
import { baseUrl, launchBrowser } from '../helpers.mjs';

// For comparison, measured elsewhere: a React 19 + SurveyJS 3.0 build
// spends about 300 KB brotli on SurveyJS alone.
const PAGES = ['/', '/petitions/lobbying-in-the-open', '/surveys/quick-poll-open-data', '/ar/privacy'];

const browser = await launchBrowser();
try {
  for (const path of PAGES) printTable(path, await firstLoad(browser, path));
} finally {
  await browser.close();
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
  const budget = budgetOf(path);
  const verdict = brotli <= budget ? 'within' : 'over';
  console.log(`budget: ${budget / 1000} KB brotli for this first load: ${verdict} (${(brotli / 1000).toFixed(1)} KB)`);
}
