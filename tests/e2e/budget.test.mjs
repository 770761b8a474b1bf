// The first-visit budgets (first-load-bytes.mjs): what a phone downloads on
// a first visit, brotli, everything the page fetches until the network is
// idle. Every kind of page keeps within its budget in every language: the
// reading pages (home, the written pages, the campaigns, the statistics,
// the survey list), and the pages with a form (a petition, a survey, the
// newsletter, the problem report, the contact form, joining, signing in,
// giving, the staff console), whose app is
// downloaded only once the visitor reaches for the form. Bytes, not timings: the same build gives
// the same figures.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { budgetOf, firstLoad, total } from './first-load-bytes.mjs';
import { LANGUAGES, launchBrowser, pathFor } from './helpers.mjs';

const READING_PAGES = ['', 'about', 'privacy', 'campaigns', 'statistics', 'surveys'];
const FORM_PAGES = [
  'petitions/lobbying-in-the-open',
  'surveys/quick-poll-open-data',
  'surveys/campaign-priorities-2027',
  'newsletter',
  'report-a-problem',
  'contact',
  'join',
  'sign-in',
  'donate',
  'admin',
];

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

for (const lang of LANGUAGES) {
  test(`a first visit to each kind of page in ${lang} keeps within its budget`, async () => {
    for (const segment of [...READING_PAGES, ...FORM_PAGES]) {
      const path = pathFor(lang, segment);
      const rows = await firstLoad(browser, path);
      const bytes = total(rows);
      const listed = rows.map((row) => `${row.path} ${row.brotli}`).join(', ');
      assert.ok(bytes <= budgetOf(path), `${path}: ${bytes} bytes, budget ${budgetOf(path)} (${listed})`);
      assert.ok(
        rows.some((row) => row.path.endsWith('_bg.wasm')),
        `${path}: the measure saw the page's wasm (${listed})`,
      );
      assert.ok(
        !rows.some((row) => /\/civic-(web|surveys|accounts|donations|console)-[0-9a-f]+(_bg\.wasm|\.js)$/.test(row.path)),
        `${path}: no app before the visitor reaches for a form (${listed})`,
      );
    }
  });
}

test('the budgets are the issue\'s: home 110 KB, a survey 200 KB, any other page 150 KB', () => {
  assert.equal(budgetOf('/'), 110_000);
  assert.equal(budgetOf('/ar/'), 110_000);
  assert.equal(budgetOf('/fr/surveys/quick-poll-open-data'), 200_000);
  assert.equal(budgetOf('/surveys'), 150_000);
  assert.equal(budgetOf('/es/petitions/lobbying-in-the-open'), 150_000);
});
