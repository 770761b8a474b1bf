// Petitions written in the console, as a campaigner on a phone writes one
// once an admin has made her an editor:
// a new draft in English, French and Spanish with a picture, previewed as
// the site renders it, published with English standing in for Arabic; a
// visitor reads it in French (its link preview too) and signs it, asking
// for its news; the console counts the signature, exports it, invalidates
// it by its domain (the public count drops) and undoes that; the editor
// posts news in English and French, which the petition's page shows and
// the signer gets by e-mail, and stops (and restarts) from its link. Axe
// clean at 360 px.
//
// The only test that publishes a petition: it runs after the tests that
// read the demo content's petitions on /campaigns (their texts, the
// layout of its cards), which a new petition at the top would change.

import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import {
  apiJson,
  assertNothingWentWrong,
  axeScan,
  baseUrl,
  fill,
  launchBrowser,
  mailTo,
  pathFor,
  readHead,
  signForm,
  startApp,
  strings,
  waitForHeading,
} from './helpers.mjs';
import { addPasskey, makeAdmin, member, openConsole, virtualAuthenticator } from './account_helpers.mjs';

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const PICTURE = fileURLToPath(new URL('../../public/images/petitions/right-to-protest.jpg', import.meta.url));

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

/** One language's fields in the editor, found by their labels in the group named after the language. */
async function writeLanguage(page, ui, native, text) {
  const group = page.getByRole('group', { name: new RegExp(`^${native}`) });
  await group.getByRole('textbox', { name: ui.console.petition_title_label, exact: true }).fill(text.title);
  await group.getByRole('textbox', { name: ui.console.petition_summary_label, exact: true }).fill(text.summary);
  await group.getByRole('textbox', { name: ui.console.petition_addressed_to_label, exact: true }).fill(text.addressedTo);
  await group.getByRole('textbox', { name: ui.console.petition_body_label, exact: true }).fill(text.body);
  await group.getByRole('textbox', { name: ui.console.petition_image_alt_label, exact: true }).fill(text.alt);
}

describe('petitions in the console', () => {
  test('a petition is written in three languages with a picture, published, read and signed', async () => {
    const lang = 'en';
    const ui = strings(lang);
    const stamp = Date.now();
    const address = `campaigner-${stamp}@example.org`;
    const slug = `safe-bike-lanes-${stamp}`;
    const signer = `signer-${stamp}@example.org`;
    const fr = strings('fr');
    const french = {
      title: `Des pistes cyclables sûres ${stamp}`,
      summary: 'Des pistes séparées sur chaque grand axe.',
      addressedTo: 'Le conseil municipal',
      body: 'Nous demandons des pistes **séparées**.',
      alt: 'Une piste cyclable le long d’un parc',
    };

    const context = await browser.newContext(PHONE);
    const adminContext = await browser.newContext();
    try {
      // The campaigner has a passkey; an admin (made as README says) makes her an editor.
      const { page, seen } = await member(context, lang, address);
      await virtualAuthenticator(page);
      await addPasskey(page, lang, 'Campaign phone');
      const adminAddress = `petitions-admin-${stamp}@example.org`;
      const { page: adminPage } = await member(adminContext, lang, adminAddress);
      await virtualAuthenticator(adminPage);
      await addPasskey(adminPage, lang, 'Admin laptop');
      makeAdmin(adminAddress);
      await openConsole(adminPage, lang);
      await adminPage.getByLabel(ui.console.search_label, { exact: true }).fill(address);
      await adminPage.getByRole('button', { name: ui.console.search_submit, exact: true }).click();
      const person = adminPage.getByRole('listitem').filter({ hasText: address });
      await person.getByLabel(fill(ui.console.role_label, { email: address }), { exact: true }).selectOption('editor');
      await person.getByRole('button', { name: fill(ui.console.role_submit, { email: address }), exact: true }).click();
      await adminPage
        .getByText(fill(ui.console.role_changed, { email: address, role: ui.console.role_editor }), { exact: true })
        .waitFor({ timeout: 10000 });

      await openConsole(page, lang);
      await page.getByRole('heading', { name: ui.console.petitions_heading, exact: true }).waitFor();
      assert.equal(await page.getByRole('heading', { name: ui.console.people_heading, exact: true }).count(), 0, 'an editor');

      // The draft, in English.
      await page.getByRole('textbox', { name: ui.console.petition_slug_label, exact: true }).fill(slug);
      await page.getByRole('textbox', { name: ui.console.petition_goal_label, exact: true }).fill('2,500');
      const form = page.getByRole('region', { name: ui.console.new_petition_heading, exact: true });
      await form.getByRole('textbox', { name: ui.console.petition_title_label, exact: true }).fill(`Safe bike lanes ${stamp}`);
      await form.getByRole('textbox', { name: ui.console.petition_summary_label, exact: true }).fill('Separated lanes on every main road.');
      await form.getByRole('textbox', { name: ui.console.petition_addressed_to_label, exact: true }).fill('The city council');
      await form.getByRole('textbox', { name: ui.console.petition_body_label, exact: true }).fill('We ask for **separated** lanes.');
      await page.getByRole('button', { name: ui.console.new_petition_submit, exact: true }).click();
      await page.getByText(ui.console.petition_created, { exact: true }).waitFor({ timeout: 10000 });
      await page.getByRole('heading', { name: `Safe bike lanes ${stamp}`, exact: true }).waitFor();

      // French and Spanish beside it, previewed as the site renders them; Arabic left blank.
      await writeLanguage(page, ui, 'English', {
        title: `Safe bike lanes ${stamp}`,
        summary: 'Separated lanes on every main road.',
        addressedTo: 'The city council',
        body: 'We ask for **separated** lanes.',
        alt: 'A bike lane along a park',
      });
      await writeLanguage(page, ui, 'Français', french);
      await writeLanguage(page, ui, 'Español', {
        title: `Carriles bici seguros ${stamp}`,
        summary: 'Carriles separados en cada avenida.',
        addressedTo: 'El ayuntamiento',
        body: 'Pedimos carriles **separados**.',
        alt: 'Un carril bici junto a un parque',
      });
      const preview = page.getByRole('region', { name: `${ui.console.petition_preview} Français` });
      await preview.locator('strong', { hasText: 'séparées' }).waitFor({ timeout: 10000 });
      await page.getByRole('button', { name: ui.console.petition_save, exact: true }).click();
      await page.getByText(ui.console.petition_saved, { exact: true }).waitFor({ timeout: 10000 });

      // The picture: cut to 1200×630 and served from the site.
      await page.getByLabel(ui.console.picture_label, { exact: true }).setInputFiles(PICTURE);
      await page.getByRole('button', { name: ui.console.picture_submit, exact: true }).click();
      await page.getByText(ui.console.picture_saved, { exact: true }).waitFor({ timeout: 20000 });
      const src = await page.locator('img[src^="/media/"]').first().getAttribute('src');
      assert.match(src, /^\/media\/[0-9a-f]{64}\.jpg$/);

      // Arabic is missing: English stands in, said so.
      await page.getByRole('checkbox', { name: ui.console.petition_fallback_label, exact: true }).check();
      await page.getByRole('button', { name: ui.console.petition_publish, exact: true }).click();
      await page.getByText(ui.console.petition_published, { exact: true }).waitFor({ timeout: 10000 });
      assert.deepEqual(await axeScan(page), [], 'the petition editor at 360 px');
      assertNothingWentWrong(seen);

      // A visitor reads it in French, its link preview shows the picture, and signs it.
      const visitor = await browser.newContext(PHONE);
      try {
        const reader = await visitor.newPage();
        const path = `${pathFor('fr', 'petitions')}/${slug}`;
        const head = readHead(await (await fetch(baseUrl + path)).text());
        const meta = (property) => head.metas.find((tag) => tag.property === property)?.content;
        assert.equal(meta('og:title'), french.title);
        assert.ok(meta('og:image')?.endsWith(src), meta('og:image'));
        await reader.goto(baseUrl + path);
        await waitForHeading(reader, french.title);
        await startApp(reader);
        const sign = signForm(reader, 'fr');
        await sign.name.fill('Camille Martin');
        await sign.email.fill(signer);
        await sign.country.selectOption('FR');
        const news = reader.getByRole('checkbox', { name: fr.sign.news_label, exact: true });
        assert.equal(await news.isChecked(), false, 'never ticked for the signer');
        await news.check();
        await sign.submit.click();
        await reader.getByRole('heading', { name: fr.inbox.heading, exact: true }).waitFor({ timeout: 10000 });
        const mail = await mailTo(signer, (message) => message.text.includes('confirm-signature'));
        const link = mail.text.match(/https?:\/\/\S*confirm-signature\S*/)[0];
        await reader.goto(link);
        await reader.getByRole('heading', { name: fill(fr.thanks.heading, { name: 'Camille' }), exact: true }).waitFor({ timeout: 10000 });
      } finally {
        await visitor.close();
      }
      assert.equal((await apiJson(`/api/petitions/${slug}/count`)).count, 1);

      // Back in the console, the list counts it.
      await page.goto(baseUrl + pathFor(lang, 'admin'));
      const title = `Safe bike lanes ${stamp}`;
      const row = page.getByRole('listitem').filter({ hasText: title });
      await row.getByText(fill(ui.console.petition_count_one, { count: '1' }), { exact: true }).waitFor({ timeout: 10000 });

      // The signature in the export (without its address: an editor's), then
      // invalidated by its domain, which the public count follows, and undone.
      await startApp(page);
      await page.getByRole('button', { name: fill(ui.console.petition_edit, { title }), exact: true }).click();
      await page.getByRole('heading', { name: ui.console.signatures_heading, exact: true }).waitFor({ timeout: 10000 });
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: ui.console.signatures_csv, exact: true }).click();
      const file = await download;
      assert.equal(file.suggestedFilename(), `signatures-${slug}.csv`);
      const csv = await new Promise((resolve, reject) => {
        file.createReadStream().then((stream) => {
          let text = '';
          stream.on('data', (chunk) => (text += chunk));
          stream.on('end', () => resolve(text));
          stream.on('error', reject);
        }, reject);
      });
      assert.match(csv, /^name,country,confirmed_at,source\r\n/);
      assert.ok(csv.includes('Camille Martin') && !csv.includes('@'), csv);

      await page.getByRole('textbox', { name: ui.console.filter_domain_label, exact: true }).fill('example.org');
      await page.getByRole('button', { name: ui.console.filter_preview, exact: true }).click();
      await page.getByText(fill(ui.console.preview_match_one, { count: '1' }), { exact: true }).waitFor({ timeout: 10000 });
      await page.getByRole('textbox', { name: ui.console.invalidation_reason_label, exact: true }).fill('A test of the fraud tools');
      await page.getByRole('button', { name: fill(ui.console.invalidation_submit_one, { count: '1' }), exact: true }).click();
      await page.getByText(fill(ui.console.invalidation_done_one, { count: '1' }), { exact: true }).waitFor({ timeout: 10000 });
      assert.equal((await apiJson(`/api/petitions/${slug}/count`)).count, 0, 'the public count dropped at once');
      assert.deepEqual(await axeScan(page), [], 'the signatures section after an invalidation, at 360 px');
      await page.getByRole('button', { name: fill(ui.console.invalidation_undo_one, { count: '1' }), exact: true }).click();
      await page.getByText(fill(ui.console.invalidation_undone_notice_one, { count: '1' }), { exact: true }).waitFor({ timeout: 10000 });
      assert.equal((await apiJson(`/api/petitions/${slug}/count`)).count, 1, 'counted again');

      // News of the petition, in English and French: on its page, and
      // e-mailed to the signer who ticked the box, who stops it from the link.
      const newsroom = page.getByRole('region', { name: ui.console.news_heading, exact: true });
      await newsroom.getByText(fill(ui.console.news_following_one, { count: '1' }), { exact: true }).waitFor({ timeout: 10000 });
      const newsLanguage = (native) => newsroom.getByRole('group', { name: native, exact: true });
      await newsLanguage('English').getByRole('textbox', { name: ui.console.petition_title_label, exact: true }).fill('The council will answer');
      await newsLanguage('English').getByRole('textbox', { name: ui.console.petition_body_label, exact: true }).fill('The council **will answer** on Monday.');
      await newsLanguage('Français').getByRole('textbox', { name: ui.console.petition_title_label, exact: true }).fill('Le conseil répondra');
      await newsLanguage('Français').getByRole('textbox', { name: ui.console.petition_body_label, exact: true }).fill('Le conseil **répondra** lundi.');
      await newsroom.locator('strong', { hasText: 'répondra' }).waitFor({ timeout: 10000 });
      await newsroom.getByRole('button', { name: fill(ui.console.news_submit_one, { count: '1' }), exact: true }).click();
      await page.getByText(fill(ui.console.news_posted_one, { count: '1' }), { exact: true }).waitFor({ timeout: 10000 });
      assert.deepEqual(await axeScan(page), [], 'the news section after posting, at 360 px');
      assertNothingWentWrong(seen);

      const newsMail = await mailTo(signer, (message) => message.text.includes('/fr/petition-news?t=f.'));
      assert.ok(newsMail.subject.includes('Le conseil répondra'), newsMail.subject);
      const reader = await (await browser.newContext(PHONE)).newPage();
      try {
        await reader.goto(`${baseUrl}${pathFor('fr', 'petitions')}/${slug}`);
        const section = reader.getByRole('region', { name: fr.petition.news_heading, exact: true });
        await section.getByRole('heading', { name: 'Le conseil répondra', exact: true }).waitFor({ timeout: 10000 });
        await section.locator('strong', { hasText: 'répondra' }).waitFor();

        const stop = newsMail.text.match(/https?:\/\/\S*\/petition-news\?t=\S*/)[0];
        await reader.goto(stop);
        await waitForHeading(reader, fr.petition_news.done_heading);
        await startApp(reader);
        assert.deepEqual(await axeScan(reader), [], 'the stop page at 360 px');
        await reader.getByRole('button', { name: fr.petition_news.undo, exact: true }).click();
        await waitForHeading(reader, fr.petition_news.undone_heading);
        await reader.getByRole('button', { name: fr.petition_news.again, exact: true }).click();
        await waitForHeading(reader, fr.petition_news.done_heading);
      } finally {
        await reader.context().close();
      }
    } finally {
      await context.close();
      await adminContext.close();
    }
  });
});
