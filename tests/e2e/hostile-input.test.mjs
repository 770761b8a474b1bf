// Markup typed into a form is shown back as the text it is: in the page
// the server draws after the browser posted the form, in the data that
// page carries for the app, and once the app has taken the page over. An
// element the markup would make never appears.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  apiJson,
  assertNothingWentWrong,
  baseUrl,
  holdWasm,
  launchBrowser,
  pagesOf,
  pathFor,
  signForm,
  startApp,
  strings,
  visit,
  waitForHeading,
  watchedPage,
} from './helpers.mjs';

const SLUG = 'clean-air-near-schools';
// Each would make an element with an id starting "pwned" if it were markup.
const NAME = '"><b id="pwned-name">x</b>';
const COMMENT = '</script><b id="pwned-comment">x</b><script>';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

/**
 * What the browser's own post of a refused form leaves in `seen`, which is
 * the point here: its 422 answer to `path` (as the API answers it), and
 * the app's wasm, asked for as the visitor reached for the form and held
 * back, left behind when the browser posted the form.
 */
function setAsideTheRefusedPost(seen, path) {
  const refused = ({ url, status }) => status === 422 && url === baseUrl + path;
  seen.errorResponses = seen.errorResponses.filter((response) => !refused(response));
  seen.consoleErrors = seen.consoleErrors.filter(({ text }) => !/status of 422/.test(text));
  seen.failedRequests = seen.failedRequests.filter((failure) => !/_bg\.wasm: net::ERR_ABORTED$/.test(failure));
}

const injected = (page) => page.evaluate(() => document.querySelectorAll('[id^="pwned"]').length);

test('markup typed into the sign form stays text in the drawn answer, its carried data and the app', async () => {
  const lang = 'en';
  const ui = strings(lang);
  const { title } = await apiJson(`/api/petitions/${SLUG}?locale=${lang}`);
  const context = await browser.newContext();
  try {
    const { page, seen } = await watchedPage(context);
    // The app is held back: the browser posts the form itself.
    const release = await holdWasm(page);
    await page.goto(baseUrl + pathFor(lang, `petitions/${SLUG}`), { waitUntil: 'domcontentloaded' });
    await waitForHeading(page, title);
    const form = signForm(page, lang);
    await form.name.fill(NAME);
    await form.email.fill('not-an-address');
    await form.country.selectOption('FR');
    await page.getByLabel(ui.sign.comment_label, { exact: true }).fill(COMMENT);
    await form.submit.click();

    await page.getByText(ui.sign.errors.email_invalid, { exact: true }).waitFor();
    assert.equal(await injected(page), 0, 'no element made from what was typed');
    assert.equal(await form.name.inputValue(), NAME, 'the name, as typed');
    assert.equal(await page.getByLabel(ui.sign.comment_label, { exact: true }).inputValue(), COMMENT);

    release();
    await startApp(page);
    assert.equal(await injected(page), 0, 'nor once the app has the page');
    assert.equal(await form.name.inputValue(), NAME, 'the app read the carried name as text');
    assert.equal(await page.getByLabel(ui.sign.comment_label, { exact: true }).inputValue(), COMMENT);
    await page.getByText(ui.sign.errors.name_invalid, { exact: true }).waitFor();

    setAsideTheRefusedPost(seen, pathFor(lang, `petitions/${SLUG}`));
    assertNothingWentWrong(seen);
  } finally {
    await context.close();
  }
});

test('markup and a formula in a problem report are taken as text through the app', async () => {
  const lang = 'fr';
  const ui = strings(lang).report;
  const info = pagesOf(lang).find((page) => page.key === 'report-a-problem');
  const context = await browser.newContext();
  try {
    const { page, seen } = await visit(context, info);
    await startApp(page);
    const description = `${COMMENT} =HYPERLINK("http://evil.example") <img src=x id="pwned-img">`;
    await page.getByLabel(ui.page_label, { exact: true }).fill('/about');
    await page.getByLabel(ui.description_label, { exact: true }).fill(description);
    await page.getByRole('button', { name: ui.submit, exact: true }).click();

    const [opening] = ui.success.split('{{');
    await page.getByText(opening.trim()).first().waitFor({ timeout: 10000 });
    assert.equal(await injected(page), 0, 'no element made from what was typed');
    assertNothingWentWrong(seen);
  } finally {
    await context.close();
  }
});

test('markup typed as a newsletter address stays text in the drawn answer and in the app', async () => {
  const lang = 'ar';
  const ui = strings(lang).newsletter;
  const address = '"><b id="pwned-address">x</b>@example.org';
  const context = await browser.newContext();
  try {
    const { page, seen } = await watchedPage(context);
    const release = await holdWasm(page);
    await page.goto(baseUrl + pathFor(lang, 'newsletter'), { waitUntil: 'domcontentloaded' });
    await waitForHeading(page, ui.title);
    const field = page.getByLabel(ui.email_label, { exact: true });
    await field.fill(address);
    await page.getByRole('button', { name: ui.submit, exact: true }).click();

    await page.getByText(ui.errors.email_invalid, { exact: true }).waitFor();
    assert.equal(await injected(page), 0, 'no element made from what was typed');
    assert.equal(await field.inputValue(), address, 'the address, as typed');

    release();
    await startApp(page);
    assert.equal(await injected(page), 0, 'nor once the app has the page');
    assert.equal(await field.inputValue(), address);

    setAsideTheRefusedPost(seen, pathFor(lang, 'newsletter'));
    assertNothingWentWrong(seen);
  } finally {
    await context.close();
  }
});

test('markup in a survey text answer is taken as text through the app', async () => {
  const lang = 'es';
  const slug = 'quick-poll-open-data';
  const ui = strings(lang).survey_form;
  const definition = await apiJson(`/api/surveys/${slug}?locale=${lang}`);
  const context = await browser.newContext();
  try {
    const { page, seen } = await watchedPage(context);
    await page.goto(baseUrl + pathFor(lang, `surveys/${slug}`));
    await waitForHeading(page, definition.title);
    await startApp(page);
    await page.locator('[id="q-use-data--weekly"]').check();
    const text = page.locator('#q-refused-request__input');
    await text.fill(COMMENT);
    await page.getByRole('button', { name: ui.submit, exact: true }).click();
    await page.getByRole('heading', { level: 2, name: ui.thanks_heading, exact: true }).waitFor({ timeout: 10000 });
    assert.equal(await injected(page), 0, 'no element made from what was typed');
    assertNothingWentWrong(seen);
  } finally {
    await context.close();
  }
});
