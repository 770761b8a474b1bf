// The language switcher keeps the visitor on the same page and turns the
// whole page, including `<html lang>`, into the chosen language.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  NATIVE_NAMES,
  assertNothingWentWrong,
  eventually,
  launchBrowser,
  pagesOf,
  strings,
  visit,
  waitForHeading,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

const aboutIn = (lang) => pagesOf(lang).find((page) => page.key === 'about');

/** Clicks a language in the switcher, whose label is in the page's current language. */
async function choose(page, from, to) {
  const switcher = page.getByRole('navigation', { name: strings(from).layout.language_nav, exact: true });
  await switcher.getByRole('link', { name: NATIVE_NAMES[to], exact: true }).click();
  const target = aboutIn(to);
  await waitForHeading(page, target.h1);
  assert.equal(new URL(page.url()).pathname, target.path);
  await eventually(() => page.evaluate(() => document.documentElement.lang), to, '<html lang>');
  await eventually(() => page.title(), target.documentTitle, 'document.title');
  const mainNav = page.getByRole('navigation', { name: strings(to).layout.main_nav, exact: true });
  await mainNav.getByRole('link', { name: strings(to).nav.about, exact: true }).waitFor({ timeout: 5000 });
}

test('choosing Français, then Español, then English on the About page keeps the visitor on About', async () => {
  const context = await browser.newContext();
  try {
    const { page, seen } = await visit(context, aboutIn('en'));
    await choose(page, 'en', 'fr');
    await choose(page, 'fr', 'es');
    await choose(page, 'es', 'en');
    assertNothingWentWrong(seen);
  } finally {
    await context.close();
  }
});

test('the language switcher names each language in that language and marks the current one', async () => {
  const context = await browser.newContext();
  try {
    const { page } = await visit(context, aboutIn('fr'));
    const switcher = page.getByRole('navigation', { name: strings('fr').layout.language_nav, exact: true });
    for (const [lang, name] of Object.entries(NATIVE_NAMES)) {
      const link = switcher.getByRole('link', { name, exact: true });
      assert.equal(await link.getAttribute('lang'), lang, `lang of ${name}`);
    }
    const current = switcher.getByRole('link', { name: NATIVE_NAMES.fr, exact: true });
    // `page` or `true`: either tells assistive technology which one is chosen.
    assert.ok(['page', 'true'].includes(await current.getAttribute('aria-current')), 'aria-current on Français');
  } finally {
    await context.close();
  }
});
