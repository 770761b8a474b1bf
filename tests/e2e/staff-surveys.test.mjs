// A survey built in the console, as an editor on a phone: "Bike lanes" with
// a one-choice question and a rating, the browser's checks before saving,
// a preview, saved; a visitor answers it on the site; the editor reads the
// private results in the console and downloads their CSV. Axe clean at
// 360 px at each step.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  assertNothingWentWrong,
  axeScan,
  baseUrl,
  launchBrowser,
  pathFor,
  startApp,
  waitForHeading,
  watchedPage,
} from './helpers.mjs';
import { addPasskey, makeAdmin, member, openConsole, virtualAuthenticator } from './account_helpers.mjs';

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

describe('surveys in the console', () => {
  test('a survey is built, previewed, saved, answered, and its private results exported', async () => {
    const stamp = Date.now();
    const slug = `bike-lanes-${stamp}`;
    const title = `Bike lanes ${stamp}`;
    const editor = `surveys-editor-${stamp}@example.org`;
    const context = await browser.newContext({ ...PHONE, acceptDownloads: true });
    try {
      const { page, seen } = await member(context, 'en', editor);
      await virtualAuthenticator(page);
      await addPasskey(page, 'en', 'Campaign phone');
      makeAdmin(editor);
      await openConsole(page, 'en');

      const section = page.getByRole('region', { name: 'Surveys', exact: true });
      await section.getByRole('button', { name: 'New survey', exact: true }).click();
      await section.getByRole('heading', { name: 'New survey', exact: true }).waitFor({ timeout: 10000 });
      const settings = section.getByRole('group', { name: 'Settings', exact: true });
      await settings.getByRole('textbox', { name: 'Address' }).fill(slug);
      await settings.getByRole('checkbox', { name: 'Publish the results' }).uncheck();
      const texts = section.getByRole('group', { name: 'Survey texts', exact: true });
      await texts.getByRole('textbox', { name: 'Title' }).fill(title);
      await texts.getByRole('textbox', { name: 'Summary' }).fill('Two questions on cycling in town.');
      await texts.getByRole('textbox', { name: 'Thanks message' }).fill('Thank you for answering.');
      const first = section.getByRole('group', { name: 'Section 1', exact: true });
      await first.getByRole('textbox', { name: 'Section title' }).fill('Cycling');

      // Question 1: one choice, with one choice only at first.
      const ride = section.getByRole('group', { name: 'Question 1', exact: true });
      await ride.getByRole('combobox', { name: 'Type' }).selectOption({ label: 'One choice' });
      await ride.getByRole('textbox', { name: 'Question text' }).fill('How often do you cycle?');
      await ride.getByRole('checkbox', { name: 'Required' }).check();
      const choices = ride.getByRole('group', { name: 'Choices', exact: true });
      await choices.getByRole('group', { name: 'Choice 1', exact: true }).getByRole('textbox', { name: 'Label' }).fill('Every day');
      await choices.getByRole('group', { name: 'Choice 2', exact: true }).getByRole('button', { name: 'Remove this choice' }).click();
      await section.getByRole('button', { name: 'Save', exact: true }).click();
      await section.getByText('Give at least 2 choices.', { exact: true }).first().waitFor({ timeout: 10000 });
      assert.deepEqual(await axeScan(page), [], 'the builder with a problem shown, at 360 px');

      await choices.getByRole('button', { name: 'Add a choice', exact: true }).click();
      await choices.getByRole('group', { name: 'Choice 2', exact: true }).getByRole('textbox', { name: 'Label' }).fill('Never');

      // Question 2: a rating.
      await first.getByRole('button', { name: 'Add a question', exact: true }).click();
      const safety = section.getByRole('group', { name: 'Question 2', exact: true });
      await safety.getByRole('combobox', { name: 'Type' }).selectOption({ label: 'Rating from 1 to 5' });
      await safety.getByRole('textbox', { name: 'Question text' }).fill('How safe do you feel on a bike?');
      await safety.getByRole('textbox', { name: 'Label for 1' }).fill('Not at all');
      await safety.getByRole('textbox', { name: 'Label for 5' }).fill('Very');

      // The preview, as a visitor sees it.
      const preview = section.getByRole('region', { name: 'Survey preview', exact: true });
      await preview.getByRole('button', { name: 'Show the preview', exact: true }).click();
      await preview.getByText('How safe do you feel on a bike?').first().waitFor({ timeout: 10000 });

      await section.getByRole('button', { name: 'Save', exact: true }).click();
      await section.getByText('Saved.', { exact: true }).waitFor({ timeout: 10000 });
      assert.deepEqual(await axeScan(page), [], 'the saved survey in the builder, at 360 px');
      assertNothingWentWrong(seen);

      // A visitor answers it on the site.
      const visitor = await browser.newContext();
      try {
        const { page: reader, seen: readerSeen } = await watchedPage(visitor);
        await reader.goto(baseUrl + pathFor('en', `surveys/${slug}`));
        await waitForHeading(reader, title);
        await reader.locator('form.survey-form').waitFor();
        await startApp(reader);
        await reader.getByRole('radio', { name: 'Never', exact: true }).check();
        await reader.getByRole('radio', { name: /^4/ }).check();
        await reader.getByRole('button', { name: 'Send my answers', exact: true }).click();
        await reader.getByText('Thank you for answering.', { exact: true }).waitFor({ timeout: 10000 });
        assertNothingWentWrong(readerSeen);
      } finally {
        await visitor.close();
      }
      const hidden = await fetch(`${baseUrl}/api/surveys/${slug}/results?locale=en`);
      assert.equal(hidden.status, 404, 'the results are private');

      // The editor reads the results and downloads them.
      const results = section.getByRole('region', { name: 'Survey results', exact: true });
      await results.getByRole('button', { name: 'Refresh the results', exact: true }).click();
      await results.getByText('1 response counted.', { exact: true }).waitFor({ timeout: 10000 });
      const counts = results.getByRole('region', { name: 'Answers to “How often do you cycle?”' });
      const never = counts.getByRole('row').filter({ hasText: 'Never' });
      assert.equal((await never.getByRole('cell').last().innerText()).trim(), '1');
      const download = page.waitForEvent('download');
      await results.getByRole('link', { name: 'Download the results (CSV)', exact: true }).click();
      const csv = await (await download).path();
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(csv, 'utf8');
      assert.ok(text.startsWith('question,question_text,row,option,count'), text);
      assert.ok(text.includes('"How often do you cycle?","","Never",1'), text);
      assert.deepEqual(await axeScan(page), [], 'the results in the console, at 360 px');
      assertNothingWentWrong(seen);
    } finally {
      await context.close();
    }
  });
});
