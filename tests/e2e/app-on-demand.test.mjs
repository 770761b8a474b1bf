// A page with a form (a petition, a survey, the newsletter, the problem
// report) starts as the server drew it, brought to life by the small
// reading bundle; its app is downloaded only once the visitor reaches for
// the form. What the visitor does meanwhile is never lost, and the page's
// views are counted once, whichever bundle counts them.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  ALL_ACCEPTED,
  assertNothingWentWrong,
  baseUrl,
  eventually,
  holdWasm,
  launchBrowser,
  pathFor,
  signForm,
  startApp,
  strings,
  waitForHeading,
  watchedPage,
} from './helpers.mjs';

const APP_WASM = /\/civic-(web|surveys)-[0-9a-f]+_bg\.wasm$/;
const PETITION = 'lobbying-in-the-open';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

async function petitionTitle(lang) {
  return (await (await fetch(`${baseUrl}/api/petitions/${PETITION}?locale=${lang}`)).json()).title;
}

test('a petition read without touching its form downloads no app; reaching for the form brings it, keeping what was typed', async () => {
  const lang = 'es';
  const context = await browser.newContext();
  try {
    const { page, seen } = await watchedPage(context);
    await page.goto(baseUrl + pathFor(lang, `petitions/${PETITION}`), { waitUntil: 'networkidle' });
    await waitForHeading(page, await petitionTitle(lang));
    assert.deepEqual(seen.requests.filter((url) => APP_WASM.test(url)), [], 'no app yet');
    assert.ok(
      seen.requests.some((url) => /\/civic-reading-[0-9a-f]+_bg\.wasm$/.test(url)),
      'the reading bundle brings the page to life',
    );

    const form = signForm(page, lang);
    await form.name.click();
    await page.keyboard.type('Lucía Pérez');
    await eventually(() => page.locator('#civic-first-page').count(), 0, 'the app took the page over', 15000);
    assert.equal(seen.requests.filter((url) => APP_WASM.test(url)).length, 1, 'the app, once');
    await page.keyboard.type(' García');
    assert.equal(await form.name.inputValue(), 'Lucía Pérez García', 'typing goes on in the same field');
    assertNothingWentWrong(seen);
  } finally {
    await context.close();
  }
});

test('a survey sent before its app has arrived is held, then sent through the app, not lost to a reload', async () => {
  const lang = 'fr';
  const ui = strings(lang).survey_form;
  const slug = 'quick-poll-open-data';
  const survey = await (await fetch(`${baseUrl}/api/surveys/${slug}?locale=${lang}`)).json();
  const context = await browser.newContext();
  try {
    const { page, seen } = await watchedPage(context);
    const release = await holdWasm(page);
    const path = pathFor(lang, `surveys/${slug}`);
    await page.goto(baseUrl + path, { waitUntil: 'domcontentloaded' });
    await waitForHeading(page, survey.title);
    const question = survey.sections[0].questions[0];
    await page.getByRole('radio', { name: question.kind.choices[0].label, exact: true }).check();
    await page.getByRole('button', { name: ui.submit, exact: true }).click();
    assert.equal(await page.locator('#civic-first-page').count(), 1, 'still the drawn page, waiting for its app');

    release();
    await page.getByRole('heading', { name: ui.thanks_heading, exact: true }).waitFor({ timeout: 15000 });
    const here = new URL(page.url());
    assert.equal(here.pathname + here.search, path, 'no reload with the answers in the address');
    assertNothingWentWrong(seen);
  } finally {
    await context.close();
  }
});

test("a petition's views are counted once, by the reading bundle, and not again when its app takes over", async () => {
  const lang = 'en';
  const context = await browser.newContext({ consent: ALL_ACCEPTED });
  try {
    const { page, seen } = await watchedPage(context);
    const events = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/analytics/events')) events.push(JSON.parse(request.postData()));
    });
    const path = pathFor(lang, `petitions/${PETITION}`);
    await page.goto(baseUrl + path, { waitUntil: 'networkidle' });
    await waitForHeading(page, await petitionTitle(lang));
    await eventually(() => events.length, 2, 'the page view and the petition view');
    await startApp(page);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(
      events.map((event) => [event.kind, event.path]).sort(),
      [
        ['page_view', path],
        ['petition_viewed', path],
      ],
      'each counted once',
    );
    assertNothingWentWrong(seen);
  } finally {
    await context.close();
  }
});
