// Reporting a problem with the website, in each language: a refused field
// is explained next to it without losing what was typed, and a report that
// is sent is acknowledged with its reference in a live region. Without
// JavaScript the form is a form post the server answers with the page.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  LANGUAGES,
  assertNothingWentWrong,
  assertNothingWentWrongWithoutScripts,
  axeScanWithoutScripts,
  baseUrl,
  eventually,
  fill,
  launchBrowser,
  pagesOf,
  startApp,
  strings,
  visit,
  watchedPage,
} from './helpers.mjs';

// civic-api's DESCRIPTION_MIN: the shortest description accepted.
const DESCRIPTION_MIN = 10;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

const reportPage = (lang) => pagesOf(lang).find((page) => page.key === 'report-a-problem');

async function openForm(context, lang) {
  const visited = await visit(context, reportPage(lang));
  await startApp(visited.page);
  const ui = strings(lang).report;
  const form = {
    page: visited.page.getByLabel(ui.page_label, { exact: true }),
    description: visited.page.getByLabel(ui.description_label, { exact: true }),
    email: visited.page.getByLabel(ui.email_label, { exact: true }),
    submit: visited.page.getByRole('button', { name: ui.submit, exact: true }),
  };
  return { ...visited, ui, form };
}

/** The text of the elements named by a field's `aria-describedby`. */
function description(field) {
  return field.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

for (const lang of LANGUAGES) {
  describe(`reporting a problem in ${lang}`, () => {
    test('a description that is too short is refused with the translated reason and stays as typed', async () => {
      const context = await browser.newContext();
      try {
        const { page, seen, ui, form } = await openForm(context, lang);
        await form.page.fill('/about');
        await form.description.fill('Too short');
        await form.submit.click();

        const reason = fill(ui.errors.description_too_short, { min: DESCRIPTION_MIN });
        await page.getByText(reason, { exact: true }).waitFor({ timeout: 5000 });
        assert.ok((await description(form.description)).includes(reason), 'the reason is tied to the field');
        assert.equal(await form.description.getAttribute('aria-invalid'), 'true');
        assert.equal(await form.description.inputValue(), 'Too short');
        assert.equal(await form.page.inputValue(), '/about');
        assertNothingWentWrong(seen);
      } finally {
        await context.close();
      }
    });

    test('a complete report is acknowledged with its reference in a live region', async () => {
      const context = await browser.newContext();
      try {
        const { page, seen, ui, form } = await openForm(context, lang);
        await form.page.fill('/privacy');
        await form.description.fill(`The privacy page does not scroll on my phone (end-to-end test, ${lang}).`);
        await form.submit.click();

        const [opening] = ui.success.split('{{');
        const live = page.locator('[aria-live], [role="status"], [role="alert"]').filter({ hasText: opening.trim() });
        await live.first().waitFor({ timeout: 10000 });
        const text = await live.first().textContent();
        assert.match(text, /PR-[A-Z0-9]+/, `the acknowledgement names the reference: ${text}`);
        const reference = text.match(/PR-[A-Z0-9]+/)[0];
        assert.ok(text.includes(fill(ui.success, { reference })), `the acknowledgement reads: ${text}`);
        await eventually(() => page.title(), reportPage(lang).documentTitle, 'document.title');
        assertNothingWentWrong(seen);
      } finally {
        await context.close();
      }
    });
  });
}

describe('reporting a problem when the server cannot take it', () => {
  const typed = { page: '/about', description: 'The menu overlaps the heading on a small screen.' };

  async function submitWith(lang, answer) {
    const context = await browser.newContext();
    const opened = await openForm(context, lang);
    await opened.page.route('**/api/problem-reports', answer);
    await opened.form.page.fill(typed.page);
    await opened.form.description.fill(typed.description);
    await opened.form.submit.click();
    return { context, ...opened };
  }

  async function assertKeptAndExplained({ page, form }, reason) {
    await page.getByRole('alert').getByText(reason, { exact: true }).waitFor({ timeout: 5000 });
    assert.equal(await form.page.inputValue(), typed.page);
    assert.equal(await form.description.inputValue(), typed.description);
    assert.ok(await page.getByRole('button', { name: strings('en').page.retry }).isVisible(), 'a retry button');
  }

  test('an unreachable server keeps everything typed and says to check the connection', async () => {
    const opened = await submitWith('en', (route) => route.abort('connectionrefused'));
    try {
      await assertKeptAndExplained(opened, opened.ui.error_network);
    } finally {
      await opened.context.close();
    }
  });

  test('a rate-limited report keeps everything typed and asks to wait', async () => {
    const refusal = {
      error: { code: 'rate_limited', message: 'Too many requests; retry in 6 seconds', request_id: 'e2e' },
    };
    const opened = await submitWith('en', (route) =>
      route.fulfill({ status: 429, contentType: 'application/json', headers: { 'retry-after': '6' }, body: JSON.stringify(refusal) }),
    );
    try {
      await assertKeptAndExplained(opened, opened.ui.error_rate_limited);
    } finally {
      await opened.context.close();
    }
  });

  test('a retry after a lost answer is recognised by the server and not stored twice', async () => {
    // The first attempt reaches the server, but its answer is lost on the
    // way back; the retry carries the same idempotency key.
    const sent = [];
    const opened = await submitWith('en', async (route) => {
      const response = await route.fetch();
      sent.push({ status: response.status(), body: await response.json() });
      return sent.length === 1 ? route.abort('connectionreset') : route.fulfill({ response });
    });
    try {
      await assertKeptAndExplained(opened, opened.ui.error_network);
      await opened.page.getByRole('button', { name: strings('en').page.retry }).click();
      const [opening] = opened.ui.success.split('{{');
      const status = opened.page.getByRole('status').getByText(opening.trim(), { exact: false });
      await status.waitFor({ timeout: 10000 });
      assert.deepEqual(sent.map((attempt) => attempt.status), [201, 200], 'stored once, then recognised');
      assert.equal(sent[1].body.reference, sent[0].body.reference);
      assert.ok((await status.textContent()).includes(sent[0].body.reference));
    } finally {
      await opened.context.close();
    }
  });
});

test('without JavaScript a visitor reports a problem, fixing a mistake, and gets its reference', async () => {
  const lang = 'es';
  const ui = strings(lang).report;
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const { page, seen } = await watchedPage(context);
    // From the footer's link, which says which page the visitor was on.
    await page.goto(`${baseUrl}${reportPage(lang).path}?page=${encodeURIComponent('/es/about')}`);
    await page.getByRole('heading', { level: 1, name: ui.title, exact: true }).waitFor();
    const pageField = page.getByLabel(ui.page_label, { exact: true });
    const descriptionField = page.getByLabel(ui.description_label, { exact: true });
    assert.equal(await pageField.inputValue(), '/es/about', 'the page is filled in');

    await descriptionField.fill('Roto');
    await page.getByRole('button', { name: ui.submit, exact: true }).click();
    await page.getByText(fill(ui.errors.description_too_short, { min: DESCRIPTION_MIN }), { exact: true }).waitFor();
    assert.equal(await descriptionField.inputValue(), 'Roto', 'what was typed is kept');
    assert.equal(await page.getByRole('alert').innerText(), ui.invalid);

    await descriptionField.fill('El enlace a la política de privacidad no funciona.');
    await page.getByRole('button', { name: ui.submit, exact: true }).click();
    const thanks = page.locator('.form-status');
    await eventually(async () => /PR-[A-Z0-9]+/.test(await thanks.innerText()), true, 'a reference');
    const reference = (await thanks.innerText()).match(/PR-[A-Z0-9]+/)[0];
    assert.equal((await thanks.innerText()).trim(), fill(ui.success, { reference }));
    assert.equal(await descriptionField.inputValue(), '', 'ready for another report');
    // The form sent with a mistake is answered 422, as the API answers it.
    const refused = ({ url, status }) => status === 422 && new URL(url).pathname === reportPage(lang).path;
    assert.equal(seen.errorResponses.filter(refused).length, 1, 'the refused form');
    seen.errorResponses = seen.errorResponses.filter((response) => !refused(response));
    seen.consoleErrors = seen.consoleErrors.filter(({ text }) => !/status of 422/.test(text));
    assert.deepEqual(seen.requests.filter((url) => url.includes('/api/')), [], 'nothing needed the API');
    assertNothingWentWrongWithoutScripts(seen);

    const path = `${reportPage(lang).path}?page=%2Fes%2Fabout`;
    const answered = await axeScanWithoutScripts(browser, path, async (scanned) => {
      await scanned.getByRole('button', { name: ui.submit, exact: true }).click();
      await scanned.getByText(ui.errors.description_required, { exact: true }).waitFor();
    });
    assert.deepEqual(answered, [], `${path} answering an empty report`);
  } finally {
    await context.close();
  }
});
