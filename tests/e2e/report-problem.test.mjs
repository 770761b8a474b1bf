// Reporting a problem with the website, in each language: a refused field
// is explained next to it without losing what was typed, and a report that
// is sent is acknowledged with its reference in a live region.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  LANGUAGES,
  assertNothingWentWrong,
  eventually,
  fill,
  launchBrowser,
  pagesOf,
  strings,
  visit,
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
