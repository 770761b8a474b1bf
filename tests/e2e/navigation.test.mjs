// Moving around the site as a visitor does: the main navigation, the
// browser's Back button, and the keyboard.

import assert from 'node:assert/strict';
import { after, before, beforeEach, afterEach, test } from 'node:test';

import {
  assertNothingWentWrong,
  eventually,
  launchBrowser,
  pagesOf,
  startApp,
  strings,
  visit,
  waitForHeading,
} from './helpers.mjs';

// The report form is the main bundle's, whose app (started once the visitor
// reaches for the form) draws pages in place; the written pages are the
// reading bundle's, whose links load the next page.
const [home, about, , report] = pagesOf('en');
const ui = strings('en');

let browser;
let context;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());
beforeEach(async () => {
  context = await browser.newContext();
});
afterEach(() => context?.close());

const pathOf = (page) => new URL(page.url()).pathname;
const mainNavLink = (page, name) =>
  page.getByRole('navigation', { name: ui.layout.main_nav, exact: true }).getByRole('link', { name, exact: true });
const focusedElement = (page) =>
  page.evaluate(() => ({ tag: document.activeElement?.tagName, text: document.activeElement?.textContent?.trim() }));

test('the About link of the main navigation changes the page without a reload and focuses the heading', async () => {
  const { page, seen } = await visit(context, report);
  await startApp(page);
  await page.evaluate(() => {
    window.__marker = 'still the same document';
  });
  await mainNavLink(page, ui.nav.about).click();

  await waitForHeading(page, about.h1);
  assert.equal(pathOf(page), about.path);
  await eventually(() => page.title(), about.documentTitle, 'document.title');
  assert.equal(await page.evaluate(() => window.__marker), 'still the same document', 'the page was reloaded');
  await eventually(() => focusedElement(page), { tag: 'H1', text: about.h1 }, 'the focused element');
  assertNothingWentWrong(seen);
});

test('the Back button returns to the previous page without reloading it', async () => {
  const { page, seen } = await visit(context, report);
  await startApp(page);
  await page.evaluate(() => {
    window.__marker = 'still the same document';
  });
  await mainNavLink(page, ui.nav.about).click();
  await waitForHeading(page, about.h1);

  await page.goBack();
  await waitForHeading(page, report.h1);
  assert.equal(pathOf(page), report.path);
  await eventually(() => page.title(), report.documentTitle, 'document.title');
  assert.equal(await page.evaluate(() => window.__marker), 'still the same document', 'the page was reloaded');
  assertNothingWentWrong(seen);
});

test('the first Tab focuses the skip link and Enter on it moves focus to the main content', async () => {
  const { page } = await visit(context, home);
  await page.keyboard.press('Tab');
  assert.deepEqual(await focusedElement(page), { tag: 'A', text: ui.layout.skip_link });

  await page.keyboard.press('Enter');
  await eventually(
    () => page.evaluate(() => document.activeElement?.closest('main') !== null),
    true,
    'focus is in <main> after the skip link',
  );
  assert.equal(pathOf(page), home.path, 'the skip link keeps the visitor on the page');
});

// The written pages, the main pages and the survey engine ship in bundles
// of their own (see civic_api::site::Bundle): following a link to another
// bundle's page loads it, and the visitor only sees the page change.
test('links between the bundles load the other bundle both ways', async () => {
  const { page, seen } = await visit(context, home);
  const scripts = () =>
    page.evaluate(() => [...document.querySelectorAll('script[type="module"]')].map((s) => s.textContent).join('\n'));
  assert.match(await scripts(), /civic-reading-/, 'the home page runs the reading bundle');

  // Leaving a document while its favicon still loads aborts that request.
  await page.waitForLoadState('networkidle');
  await mainNavLink(page, ui.nav.surveys).click();
  await waitForHeading(page, strings('en').surveys.title);
  assert.equal(pathOf(page), '/surveys');
  assert.match(await scripts(), /civic-reading-/, 'the survey list is a reading page');

  // A survey is the survey bundle's.
  await page.waitForLoadState('networkidle');
  const survey = page.locator('.survey-card h3 a').first();
  const surveyTitle = (await survey.innerText()).trim();
  const surveyPath = await survey.getAttribute('href');
  await survey.click();
  await waitForHeading(page, surveyTitle);
  assert.equal(pathOf(page), surveyPath);
  assert.match(await scripts(), /civic-surveys-/, 'a survey runs the survey bundle');
  assert.match(await scripts(), /civic-reading-/, 'and the reading bundle until the visitor reaches for the form');
  assert.doesNotMatch(await scripts(), /civic-web-/);

  await page.waitForLoadState('networkidle');
  await mainNavLink(page, ui.nav.about).click();
  await waitForHeading(page, about.h1);
  assert.equal(pathOf(page), about.path);
  assert.match(await scripts(), /civic-reading-/, 'the About page runs the reading bundle again');

  // A petition is the main bundle's; from it the campaigns are drawn in
  // place, without loading the reading bundle again.
  await page.waitForLoadState('networkidle');
  await mainNavLink(page, ui.nav.campaigns).click();
  await waitForHeading(page, strings('en').campaigns.title);
  const petition = page.locator('.petition-card h3 a').first();
  const petitionTitle = (await petition.innerText()).trim();
  await page.waitForLoadState('networkidle');
  await petition.click();
  await waitForHeading(page, petitionTitle);
  assert.match(await scripts(), /civic-web-/, 'a petition runs the main bundle');
  await startApp(page);
  const campaignsLoads = () => seen.requests.filter((url) => url.endsWith('/campaigns')).length;
  const loadsBefore = campaignsLoads();
  await mainNavLink(page, ui.nav.campaigns).click();
  await waitForHeading(page, strings('en').campaigns.title);
  assert.match(await scripts(), /civic-web-/, 'still the main bundle: no reload');
  assert.equal(campaignsLoads(), loadsBefore, 'no new document');
  await page.goBack();
  await waitForHeading(page, petitionTitle);
  await page.goBack();
  await waitForHeading(page, strings('en').campaigns.title);
  // A reading page fetches its wasm once painted: leaving before it has
  // come would abort that request.
  await page.waitForLoadState('networkidle');
  await page.goBack();
  await waitForHeading(page, about.h1);

  await page.waitForLoadState('networkidle');
  await page.goBack();
  await waitForHeading(page, surveyTitle);
  assert.equal(pathOf(page), surveyPath);
  await page.waitForLoadState('networkidle');
  assertNothingWentWrong(seen);
});
