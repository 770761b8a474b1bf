// The transparency page: a visitor who allows statistics is counted, and
// the counts show on /statistics, in a table beside each chart, with the
// words saying what is and is not collected. Scanned with axe in every
// language, with the privacy banner open on a first visit.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  ALL_ACCEPTED,
  axeScan,
  assertNothingWentWrong,
  baseUrl,
  documentTitle,
  eventually,
  LANGUAGES,
  launchBrowser,
  pathFor,
  strings,
  waitForHeading,
  watchedPage,
} from './helpers.mjs';

const PETITION = '/petitions/clean-air-near-schools';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

/** What the server publishes, read without a browser cache. */
async function statistics() {
  const response = await fetch(`${baseUrl}/api/statistics`);
  assert.equal(response.status, 200, 'GET /api/statistics');
  assert.match(response.headers.get('cache-control') ?? '', /max-age=60/);
  return response.json();
}

const viewsOf = (figures, path) => figures.top_pages.find((page) => page.path === path)?.count ?? 0;

/** The figure beside `label` in the table whose caption has this id. */
async function cell(page, captionId, label) {
  const row = page.locator(`table:has(#${captionId}) tbody tr`).filter({
    has: page.locator('th', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`) }),
  });
  return (await row.locator('td').textContent({ timeout: 10000 })).trim();
}

async function assertAccessible(page, where) {
  assert.deepEqual(await axeScan(page), [], `axe violations on ${where}`);
}

describe('the statistics page', () => {
  test('page views and petition views recorded with consent show up on it', async () => {
    const ui = strings('en').statistics;
    const baseline = await statistics();
    const context = await browser.newContext({ consent: ALL_ACCEPTED });
    try {
      const { page, seen } = await watchedPage(context);
      // The table lists the ten most viewed pages: whatever the tests
      // before viewed, /privacy gets into it by more views than the most
      // viewed page has so far.
      const visits = (baseline.top_pages[0]?.count ?? 0) + 1;
      const title = (await (await fetch(`${baseUrl}/api/pages/en/privacy`)).json()).title;
      for (let visit = 0; visit < visits; visit += 1) {
        await page.goto(`${baseUrl}/privacy`);
        await waitForHeading(page, title);
        // Leaving a page aborts what it still loads (its page view, an
        // image), which the check below would report; a visitor reads first.
        await page.waitForLoadState('networkidle');
      }
      await page.goto(baseUrl + PETITION);
      await page.locator('h1').waitFor();
      await page.waitForLoadState('networkidle');
      const counted = async () => {
        const now = await statistics();
        return viewsOf(now, '/privacy') > viewsOf(baseline, '/privacy') && now.funnel.viewed > baseline.funnel.viewed;
      };
      await eventually(counted, true, 'the server counted the views', 10000);
      const now = await statistics();
      assert.ok(
        now.page_views.reduce((sum, day) => sum + day.count, 0) >
          baseline.page_views.reduce((sum, day) => sum + day.count, 0),
        'today has more page views',
      );

      await page.goto(`${baseUrl}/statistics`);
      await waitForHeading(page, ui.title);
      await eventually(() => page.title(), documentTitle(ui.title), 'document.title');
      const format = (count) => new Intl.NumberFormat('en-GB').format(count);
      assert.equal(await cell(page, 'top-pages-caption', '/privacy'), format(viewsOf(now, '/privacy')));
      assert.equal(await cell(page, 'funnel-caption', ui.funnel_viewed), format(now.funnel.viewed));
      assert.equal(
        await page.locator('table:has(#page-views-caption) tbody tr').count(),
        now.page_views.length,
        'a row for every day',
      );
      for (const heading of [
        ui.page_views_heading,
        ui.top_pages_heading,
        ui.shares_heading,
        ui.funnel_heading,
        ui.countries_heading,
        ui.signatures_heading,
        ui.consent_heading,
        ui.collected_heading,
        ui.not_collected_heading,
      ]) {
        await page.getByRole('heading', { level: 2, name: heading, exact: true }).waitFor();
      }
      await page.getByText(ui.not_collected, { exact: true }).waitFor();
      assert.equal(
        await page.locator('svg:not([aria-hidden="true"])').count(),
        0,
        'the tables speak for the charts',
      );
      await assertAccessible(page, 'the statistics page');
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });

  for (const lang of LANGUAGES.filter((lang) => lang !== 'en')) {
    test(`is translated and accessible (${lang})`, async () => {
      const ui = strings(lang).statistics;
      // A first visit: the privacy banner is open during the scan.
      const context = await browser.newContext({ consent: null });
      try {
        const { page, seen } = await watchedPage(context);
        await page.goto(baseUrl + pathFor(lang, 'statistics'));
        await waitForHeading(page, ui.title);
        await page.locator('.period').waitFor();
        await page.getByRole('heading', { level: 2, name: ui.funnel_heading, exact: true }).waitFor();
        await page.getByRole('region', { name: strings(lang).consent.region, exact: true }).waitFor();
        await assertAccessible(page, `the ${lang} statistics page with the banner open`);
        assertNothingWentWrong(seen);
      } finally {
        await context.close();
      }
    });
  }
});
