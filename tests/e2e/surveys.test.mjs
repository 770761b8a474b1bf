// Surveys from a visitor's side: the list, the short poll answered with an
// optional question skipped and its results, the long survey through its
// sections with a condition toggling questions and a reload midway, one
// whole survey with the keyboard only, answers resumed in a new tab with
// preference consent, the results page with its CSV, and the pages in
// every language. axe-core scans every step; no page may reach another
// origin or log an error.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  ALL_ACCEPTED,
  apiJson,
  axeScan,
  assertNothingWentWrong,
  baseUrl,
  documentTitle,
  eventually,
  fill,
  LANGUAGES,
  launchBrowser,
  pathFor,
  startApp,
  strings,
  waitForHeading,
  watchedPage,
} from './helpers.mjs';

const SHORT = 'quick-poll-open-data';
const LONG = 'campaign-priorities-2027';
const TAB_DRAFTS = 'civic.survey-tab';
const SAVED_DRAFTS = 'civic.survey-drafts';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

/** The survey as the form shows it: texts in `lang`, read from the API. */
const survey = (slug, lang) => apiJson(`/api/surveys/${slug}?locale=${lang}`);
const results = (slug, lang = 'en') => apiJson(`/api/surveys/${slug}/results?locale=${lang}`);

const surveyPath = (lang, slug) => pathFor(lang, `surveys/${slug}`);
const resultsPath = (lang, slug) => pathFor(lang, `surveys/${slug}/results`);

function questionOf(definition, id) {
  const found = definition.sections.flatMap((section) => section.questions).find((question) => question.id === id);
  assert.ok(found, `the survey has a question ${id}`);
  return found;
}

const labelOf = (question, choice) => question.kind.choices.find((option) => option.id === choice).label;

/** A question's figures in the results the API publishes. */
function resultOf(figures, id) {
  const found = figures.questions.find((question) => question.id === id);
  assert.ok(found, `the results have the question ${id}`);
  return found;
}

const optionCount = (figures, id, option) =>
  resultOf(figures, id).counts.options.find((counted) => counted.id === option).count;

async function assertAccessible(page, where) {
  assert.deepEqual(await axeScan(page), [], `axe violations on ${where}`);
}

/** A reader finishes reading before leaving: nothing the page loads is cut off. */
async function settle(page) {
  await page.waitForLoadState('networkidle');
}

async function openSurvey(context, lang, slug) {
  const watched = await watchedPage(context);
  const definition = await survey(slug, lang);
  await watched.page.goto(baseUrl + surveyPath(lang, slug));
  await waitForHeading(watched.page, definition.title);
  await watched.page.locator('form.survey-form').waitFor();
  await startApp(watched.page);
  return { ...watched, definition };
}

const question = (page, id) => page.locator(`#q-${id}`);
const option = (page, id, choice) => page.locator(`[id="q-${id}--${choice}"]`);
const matrixCell = (page, id, row, column) => page.locator(`[id="q-${id}--${row}--${column}"]`);

async function sectionHeading(page) {
  return (await page.locator('#survey-section-heading').textContent()).trim();
}

async function focusedId(page) {
  return page.evaluate(() => document.activeElement?.id ?? '');
}

/** The figure beside `label` in the table whose caption has this id. */
async function cell(page, captionId, label) {
  const row = page.locator(`table:has(#${captionId}) tbody tr`).filter({
    has: page.locator('th', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`) }),
  });
  return (await row.locator('td').first().textContent({ timeout: 10000 })).trim();
}

function drafts(page, storage) {
  return page.evaluate(
    ([storage, key]) => JSON.parse(window[storage].getItem(key) ?? '{}'),
    [storage, storage === 'sessionStorage' ? TAB_DRAFTS : SAVED_DRAFTS],
  );
}

describe('the survey list', () => {
  for (const lang of LANGUAGES) {
    test(`lists the open surveys with their length and results links (${lang})`, async () => {
      const ui = strings(lang).surveys;
      const context = await browser.newContext();
      try {
        const { page, seen } = await watchedPage(context);
        await page.goto(baseUrl + pathFor(lang, 'surveys'));
        await waitForHeading(page, ui.title);
        const open = page.getByRole('region', { name: ui.open_heading, exact: true });
        await open.getByRole('link').first().waitFor({ timeout: 10000 });
        const { surveys } = await apiJson(`/api/surveys?locale=${lang}`);
        for (const slug of [SHORT, LONG]) {
          const summary = surveys.find((listed) => listed.slug === slug);
          assert.ok(summary, `${slug} is listed`);
          const title = { name: summary.title, exact: true };
          const link = open.getByRole('link', title);
          assert.equal(await link.getAttribute('href'), surveyPath(lang, slug), summary.title);
          const card = open.locator('li', { has: page.getByRole('link', title) });
          const facts = (await card.locator('.survey-facts').textContent()).trim();
          assert.match(facts, new RegExp(`\\b${summary.questions}\\b`), `${slug}: the number of questions`);
          assert.match(facts, new RegExp(`\\b${summary.minutes}\\b`), `${slug}: the minutes`);
          const results = card.getByRole('link', { name: ui.results_link, exact: true });
          assert.equal(await results.getAttribute('href'), resultsPath(lang, slug));
        }
        await eventually(() => page.title(), documentTitle(ui.title), 'document.title');
        await assertAccessible(page, `the ${lang} survey list`);
        await settle(page);
        assertNothingWentWrong(seen);
      } finally {
        await context.close();
      }
    });
  }
});

describe('answering the short poll', () => {
  test('an optional question is skipped, the thanks offers the results, and they count the answer', async () => {
    const ui = strings('en');
    const before = await results(SHORT);
    const context = await browser.newContext();
    try {
      const { page, seen, definition } = await openSurvey(context, 'en', SHORT);
      await page.getByText(definition.summary, { exact: true }).waitFor();
      assert.equal(await page.locator('progress').count(), 0, 'one section: no progress bar');
      await assertAccessible(page, 'the short poll before answering');

      await option(page, 'use-data', 'weekly').check();
      await option(page, 'spending-by-law', 'yes').check();
      await option(page, 'finding-information', '4').check();
      await option(page, 'wanted-data', 'public-contracts').check();
      await option(page, 'wanted-data', 'air-quality').check();
      // `refused-request` (a short text) is left empty: it is optional.
      await eventually(
        async () => Object.keys((await drafts(page, 'sessionStorage'))[SHORT]?.answers ?? {}).sort(),
        ['finding-information', 'spending-by-law', 'use-data', 'wanted-data'],
        'the answers are kept for the tab as they are given',
      );
      await assertAccessible(page, 'the short poll answered');

      await page.getByRole('button', { name: ui.survey_form.submit, exact: true }).click();
      const thanks = page.getByRole('heading', { level: 2, name: ui.survey_form.thanks_heading, exact: true });
      await thanks.waitFor({ timeout: 10000 });
      await page.getByText(definition.thanks, { exact: true }).waitFor();
      await eventually(() => focusedId(page), 'survey-thanks-heading', 'the thanks takes focus');
      assert.deepEqual(await drafts(page, 'sessionStorage'), {}, 'the draft is gone once sent');
      const share = page.getByRole('region', { name: ui.survey_form.share_heading, exact: true });
      const shareLinks = await share.locator('a.share-link').evaluateAll((links) => links.map((a) => a.href));
      assert.ok(shareLinks.length > 0, 'the thanks offers share buttons');
      const surveyAddress = encodeURIComponent(`${baseUrl}/surveys/${SHORT}`);
      assert.ok(
        shareLinks.every((href) => href.includes(surveyAddress)),
        `every share link carries the survey's address: ${shareLinks.join(', ')}`,
      );
      await assertAccessible(page, 'the thank-you panel');

      const after = await results(SHORT);
      assert.equal(after.responses, before.responses + 1, 'one more response');
      assert.equal(optionCount(after, 'use-data', 'weekly'), optionCount(before, 'use-data', 'weekly') + 1);
      assert.equal(
        resultOf(after, 'refused-request').answered,
        resultOf(before, 'refused-request').answered,
        'the skipped question is not counted as answered',
      );

      await settle(page);
      await page.getByRole('link', { name: ui.survey_form.results_link, exact: true }).click();
      await waitForHeading(page, fill(ui.survey_results.heading, { title: definition.title }));
      const useData = questionOf(definition, 'use-data');
      assert.equal(
        await cell(page, 'result-use-data-caption', labelOf(useData, 'weekly')),
        String(optionCount(after, 'use-data', 'weekly')),
      );
      const skipped = page.locator('section:has(#result-refused-request-heading)');
      await skipped.getByText(ui.survey_results.free_text, { exact: true }).waitFor();
      assert.equal(await skipped.locator('table, svg').count(), 0, 'written answers: a count and nothing more');
      await assertAccessible(page, 'the results after answering');
      await settle(page);
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });
});

describe('answering the long survey', () => {
  test('through its sections, with conditions toggling questions and a reload midway', async () => {
    const ui = strings('en').survey_form;
    const before = await results(LONG);
    const context = await browser.newContext();
    try {
      const { page, seen, definition } = await openSurvey(context, 'en', LONG);
      const [aboutYou, priorities, together] = definition.sections.map((section) => section.title);
      const progress = (current) => fill(ui.progress, { current, total: definition.sections.length });
      assert.equal(await sectionHeading(page), aboutYou);
      await page.getByText(progress(1), { exact: true }).waitFor();
      await assertAccessible(page, 'section 1 of the long survey');

      // The role question is only for members.
      assert.equal(await question(page, 'member-role').count(), 0, 'hidden until "yes"');
      await option(page, 'member', 'yes').check();
      await question(page, 'member-role').waitFor();
      await option(page, 'member', 'no').check();
      await question(page, 'member-role').waitFor({ state: 'detached' });
      await option(page, 'member', 'yes').check();
      await option(page, 'member-role', 'volunteer').check();
      const region = questionOf(definition, 'region');
      await page.getByLabel(region.text, { exact: true }).selectOption('europe');
      await assertAccessible(page, 'section 1 with the condition shown');

      await page.getByRole('button', { name: ui.next, exact: true }).click();
      await eventually(() => sectionHeading(page), priorities, 'section 2 is shown');
      await eventually(() => focusedId(page), 'survey-section-heading', 'focus moves to the section heading');
      await page.getByText(progress(2), { exact: true }).waitFor();

      // Next with the required questions unanswered: errors, tied and announced.
      await page.getByRole('button', { name: ui.next, exact: true }).click();
      await question(page, 'themes').locator('.field-error').waitFor();
      assert.equal(await question(page, 'themes').getAttribute('aria-invalid'), 'true');
      assert.equal(await sectionHeading(page), priorities, 'the section stays');
      await assertAccessible(page, 'section 2 with errors');

      const themes = questionOf(definition, 'themes').kind;
      for (const [index, row] of themes.rows.entries()) {
        await matrixCell(page, 'themes', row.id, themes.columns[index % themes.columns.length].id).check();
      }
      assert.equal(await question(page, 'top-campaign-other').count(), 0, 'hidden until "other"');
      await option(page, 'top-campaign', 'other').check();
      await question(page, 'top-campaign-other').locator('input').fill('Fair elections');
      await option(page, 'local-action', '8').check();
      await eventually(
        async () => (await drafts(page, 'sessionStorage'))[LONG]?.section,
        1,
        'the draft knows the section',
      );

      // Reload midway: the answers and the section come back.
      await settle(page);
      await page.reload();
      await waitForHeading(page, definition.title);
      await page.getByText(ui.restored, { exact: true }).waitFor();
      assert.equal(await sectionHeading(page), priorities, 'back on the same section');
      assert.equal(await option(page, 'top-campaign', 'other').isChecked(), true);
      assert.equal(await question(page, 'top-campaign-other').locator('input').inputValue(), 'Fair elections');
      assert.equal(await option(page, 'local-action', '8').isChecked(), true);
      await assertAccessible(page, 'section 2 restored after a reload');

      await page.getByRole('button', { name: ui.next, exact: true }).click();
      await eventually(() => sectionHeading(page), together, 'section 3 is shown');
      await question(page, 'member-support').waitFor();
      await option(page, 'channels', 'newsletter').check();
      await option(page, 'listening', '3').check();
      await assertAccessible(page, 'section 3 with the member question');

      // Back to the start to say "no": the member-only questions go away
      // and their answers are not sent.
      await page.getByRole('button', { name: ui.back, exact: true }).click();
      await eventually(() => sectionHeading(page), priorities, 'back to section 2');
      await page.getByRole('button', { name: ui.back, exact: true }).click();
      await eventually(() => sectionHeading(page), aboutYou, 'back to section 1');
      assert.equal(await option(page, 'member-role', 'volunteer').isChecked(), true, 'answers are kept');
      await option(page, 'member', 'no').check();
      await question(page, 'member-role').waitFor({ state: 'detached' });
      for (const title of [priorities, together]) {
        await page.getByRole('button', { name: ui.next, exact: true }).click();
        await eventually(() => sectionHeading(page), title, `on to "${title}"`);
      }
      assert.equal(await question(page, 'member-support').count(), 0, 'only for members');

      await page.getByRole('button', { name: ui.submit, exact: true }).click();
      await page.getByRole('heading', { level: 2, name: ui.thanks_heading, exact: true }).waitFor({ timeout: 10000 });
      await assertAccessible(page, 'the thank-you panel of the long survey');

      const after = await results(LONG);
      assert.equal(after.responses, before.responses + 1, 'one more response');
      assert.equal(optionCount(after, 'member', 'no'), optionCount(before, 'member', 'no') + 1);
      assert.equal(
        resultOf(after, 'member-role').answered,
        resultOf(before, 'member-role').answered,
        'the hidden question\u2019s answer was not sent',
      );
      assert.equal(optionCount(after, 'top-campaign', 'other'), optionCount(before, 'top-campaign', 'other') + 1);
      const row = resultOf(after, 'themes').counts.rows[0];
      assert.equal(row.counts[0], resultOf(before, 'themes').counts.rows[0].counts[0] + 1, 'the matrix row counted');
      await settle(page);
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });

  test('with preference consent, unsent answers are resumed in another tab', async () => {
    const ui = strings('en').survey_form;
    const context = await browser.newContext({ consent: ALL_ACCEPTED });
    try {
      const first = await openSurvey(context, 'en', LONG);
      await option(first.page, 'member', 'no').check();
      await eventually(
        async () => (await drafts(first.page, 'localStorage'))[LONG]?.answers?.member,
        { type: 'yes_no', value: false },
        'the answers are kept on the device',
      );
      await settle(first.page);
      await first.page.close();

      const second = await openSurvey(context, 'en', LONG);
      await second.page.getByText(ui.restored, { exact: true }).waitFor();
      assert.equal(await option(second.page, 'member', 'no').isChecked(), true);
      await assertAccessible(second.page, 'the survey resumed in a new tab');
      await second.page.getByRole('button', { name: ui.start_again, exact: true }).click();
      assert.equal(await option(second.page, 'member', 'no').isChecked(), false, 'start again clears the answers');
      await eventually(async () => (await drafts(second.page, 'localStorage'))[LONG], undefined, 'nothing kept');
      await settle(second.page);
      assertNothingWentWrong(first.seen);
      assertNothingWentWrong(second.seen);
    } finally {
      await context.close();
    }
  });
});

/** Presses Tab (Shift+Tab with `back`) until `selector` has the focus. */
async function tabTo(page, selector, { back = false, limit = 80 } = {}) {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await page.evaluate((selector) => document.activeElement?.matches(selector) ?? false, selector)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  assert.fail(`Tab never reached ${selector}`);
}

describe('the keyboard only', () => {
  test('answers the whole short poll and reaches its results', async () => {
    const ui = strings('fr');
    const before = await results(SHORT, 'fr');
    const context = await browser.newContext();
    try {
      const { page, seen, definition } = await openSurvey(context, 'fr', SHORT);
      // Tab into a radio group lands on its first radio; arrows choose.
      await tabTo(page, '[id="q-use-data--weekly"]');
      await page.keyboard.press('ArrowDown');
      assert.equal(await option(page, 'use-data', 'monthly').isChecked(), true, 'arrows choose within the group');
      await tabTo(page, '[id="q-spending-by-law--yes"]');
      await page.keyboard.press('Space');
      assert.equal(await option(page, 'spending-by-law', 'yes').isChecked(), true);
      await tabTo(page, '[id="q-finding-information--1"]');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      assert.equal(await option(page, 'finding-information', '3').isChecked(), true);
      await tabTo(page, '[id="q-wanted-data--lobby-meetings"]');
      await page.keyboard.press('Space');
      assert.equal(await option(page, 'wanted-data', 'lobby-meetings').isChecked(), true);
      await tabTo(page, '#q-refused-request input');
      await page.keyboard.type('Le budget détaillé de ma commune');
      await assertAccessible(page, 'the poll answered with the keyboard');

      await tabTo(page, '#survey-submit');
      await page.keyboard.press('Enter');
      await page
        .getByRole('heading', { level: 2, name: ui.survey_form.thanks_heading, exact: true })
        .waitFor({ timeout: 10000 });
      await eventually(() => focusedId(page), 'survey-thanks-heading', 'the thanks takes focus');
      await settle(page);
      await tabTo(page, 'a.survey-results-link');
      await page.keyboard.press('Enter');
      await waitForHeading(page, fill(ui.survey_results.heading, { title: definition.title }));
      const useData = questionOf(definition, 'use-data');
      const after = await results(SHORT, 'fr');
      assert.equal(optionCount(after, 'use-data', 'monthly'), optionCount(before, 'use-data', 'monthly') + 1);
      assert.equal(
        await cell(page, 'result-use-data-caption', labelOf(useData, 'monthly')),
        String(optionCount(after, 'use-data', 'monthly')),
      );
      await assertAccessible(page, 'the French results reached with the keyboard');
      await settle(page);
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });
});

describe('the results page', () => {
  for (const lang of LANGUAGES) {
    test(`has a chart and a table for each question and the CSV (${lang})`, async () => {
      const ui = strings(lang).survey_results;
      const figures = await results(LONG, lang);
      const context = await browser.newContext();
      try {
        const { page, seen } = await watchedPage(context);
        await page.goto(baseUrl + resultsPath(lang, LONG));
        const heading = fill(ui.heading, { title: figures.title });
        await waitForHeading(page, heading);
        await eventually(() => page.title(), documentTitle(heading), 'document.title');
        for (const result of figures.questions) {
          const section = page.locator(`section:has(#result-${result.id}-heading)`);
          assert.equal((await section.locator('h2').textContent()).trim(), result.text);
          const charts = await section.locator('svg[aria-hidden="true"]').count();
          const tables = await section.locator('table').count();
          if (result.counts.type === 'free_text') {
            await section.getByText(ui.free_text, { exact: true }).waitFor();
            assert.equal(charts + tables, 0, `${result.id}: written answers are not published`);
          } else if (result.answered > 0) {
            assert.deepEqual([charts, tables], [1, 1], `${result.id}: a chart beside a table`);
          }
        }
        const csv = page.getByRole('link', { name: ui.csv_link, exact: true });
        const response = await fetch(new URL(await csv.getAttribute('href'), baseUrl));
        assert.equal(response.status, 200, 'the CSV link works');
        assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
        assert.equal((await response.text()).split('\n')[0].trim(), 'question,question_text,row,option,count');
        await assertAccessible(page, `the ${lang} results page`);
        await settle(page);
        assertNothingWentWrong(seen);
      } finally {
        await context.close();
      }
    });
  }
});

describe('page views of results', () => {
  test('are counted once the results exist, and never for a survey that does not', async () => {
    const context = await browser.newContext({ consent: ALL_ACCEPTED });
    try {
      const { page, seen } = await watchedPage(context);
      const views = [];
      page.on('request', (request) => {
        if (request.url() === `${baseUrl}/api/analytics/events`) views.push(JSON.parse(request.postData()));
      });
      // A survey's page, whose app is the survey bundle's.
      await page.goto(baseUrl + pathFor('en', `surveys/${SHORT}`));
      await waitForHeading(page, (await survey(SHORT, 'en')).title);
      await startApp(page);
      await settle(page);
      views.length = 0;

      // Moving inside the survey bundle, as a link to results would.
      const missing = resultsPath('en', 'no-such-survey');
      await page.evaluate((path) => {
        window.history.pushState({}, '', path);
        window.dispatchEvent(new PopStateEvent('popstate'));
      }, missing);
      await waitForHeading(page, strings('en').survey_results.private_heading);
      await settle(page);
      assert.deepEqual(views, [], 'nothing is counted for results that do not exist');

      await page.evaluate((path) => {
        window.history.pushState({}, '', path);
        window.dispatchEvent(new PopStateEvent('popstate'));
      }, resultsPath('en', SHORT));
      await waitForHeading(page, fill(strings('en').survey_results.heading, { title: (await survey(SHORT, 'en')).title }));
      await settle(page);
      assert.deepEqual(views, [{ kind: 'page_view', path: resultsPath('en', SHORT), network: null }], 'one view');
      assertNothingWentWrong(seen, [`${baseUrl}/api/surveys/no-such-survey/results?locale=en&`]);
    } finally {
      await context.close();
    }
  });
});

describe('every language', () => {
  for (const lang of LANGUAGES.filter((lang) => lang !== 'en')) {
    test(`the long survey's first section and the confirmation page are translated (${lang})`, async () => {
      const ui = strings(lang);
      // A first visit: the privacy banner is open during the scan.
      const context = await browser.newContext({ consent: null });
      try {
        const { page, seen, definition } = await openSurvey(context, lang, LONG);
        assert.equal(definition.locale, lang, 'the survey is written in this language');
        assert.equal(await sectionHeading(page), definition.sections[0].title);
        await page.getByText(fill(ui.survey_form.progress, { current: 1, total: 3 }), { exact: true }).waitFor();
        await page.getByRole('button', { name: ui.survey_form.next, exact: true }).waitFor();
        assert.equal(await page.locator('html').getAttribute('lang'), lang);
        await page.getByRole('region', { name: ui.consent.region, exact: true }).waitFor();
        await assertAccessible(page, `the ${lang} survey with the banner open`);
        await settle(page);

        await page.goto(baseUrl + pathFor(lang, 'confirm-response'));
        await waitForHeading(page, ui.surveys.invalid_heading);
        const surveys = page.getByRole('link', { name: ui.surveys.surveys_link, exact: true });
        assert.equal(await surveys.getAttribute('href'), pathFor(lang, 'surveys'));
        await assertAccessible(page, `the ${lang} confirmation page without a token`);
        await settle(page);
        assertNothingWentWrong(seen);
      } finally {
        await context.close();
      }
    });
  }
});
