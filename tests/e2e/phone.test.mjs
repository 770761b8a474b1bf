// What a phone shows first: a petition's title, its count toward the goal
// and a way to sign on the first screen; the consent banner of a first
// visit within a third of the screen and clear of the page's heading.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  LANGUAGES,
  axeScan,
  baseUrl,
  eventually,
  launchBrowser,
  pagesOf,
  pathFor,
  strings,
  waitForHeading,
} from './helpers.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const PETITION = 'lobbying-in-the-open';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

/** Whether the element is wholly inside the first screen, unscrolled. */
async function onFirstScreen(locator) {
  const box = await locator.boundingBox();
  assert.ok(box, 'the element is laid out');
  return box.y >= 0 && box.y + box.height <= PHONE.viewport.height && box.x >= 0 && box.x + box.width <= PHONE.viewport.width;
}

for (const lang of LANGUAGES) {
  test(`a petition's title, count and sign button are on a phone's first screen in ${lang}`, async () => {
    const ui = strings(lang);
    const context = await browser.newContext(PHONE);
    try {
      const page = await context.newPage();
      await page.goto(baseUrl + pathFor(lang, `petitions/${PETITION}`));
      const title = page.getByRole('heading', { level: 1 });
      await title.waitFor();
      const progress = page.locator('#petition-progress');
      await progress.waitFor();
      const jump = page.getByRole('link', { name: ui.petition.sign_jump, exact: true });

      assert.ok(await onFirstScreen(title), 'the title is on the first screen');
      assert.ok(await onFirstScreen(progress), 'the count toward the goal is on the first screen');
      assert.ok(await onFirstScreen(jump), 'the sign button is on the first screen');
      assert.equal(await page.evaluate(() => window.scrollY), 0);

      await jump.click();
      const heading = page.getByRole('heading', { level: 2, name: ui.sign.heading, exact: true });
      assert.equal(await heading.evaluate((element) => element === document.activeElement), true, 'focus is on the form');
      // The page scrolls smoothly unless the visitor asks for reduced motion.
      await eventually(() => inView(heading), true, 'the form is in view');
      await page.getByLabel(ui.sign.name_label, { exact: true }).waitFor();
      assert.deepEqual(await axeScan(page), []);
    } finally {
      await context.close();
    }
  });
}

async function inView(locator) {
  const box = await locator.boundingBox();
  return Boolean(box) && box.y >= 0 && box.y < PHONE.viewport.height;
}

test('on a wide screen the form is beside the text and the sign button is not shown', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/petitions/${PETITION}`);
    await page.getByRole('heading', { level: 2, name: strings('en').sign.heading, exact: true }).waitFor();
    assert.equal(await page.getByRole('link', { name: strings('en').petition.sign_jump, exact: true }).count(), 0);
  } finally {
    await context.close();
  }
});

for (const lang of LANGUAGES) {
  const info = pagesOf(lang).find((each) => each.status === 200);
  test(`on a first visit in ${lang} the consent banner keeps to a third of a phone's screen, clear of the heading`, async () => {
    const context = await browser.newContext({ ...PHONE, consent: null });
    try {
      const page = await context.newPage();
      await page.goto(baseUrl + info.path);
      const heading = await waitForHeading(page, info.h1);
      const banner = page.getByRole('region', { name: strings(lang).consent.region });
      await banner.waitFor();
      const box = await banner.boundingBox();
      const headingBox = await heading.boundingBox();

      assert.ok(box.height <= PHONE.viewport.height / 3, `the banner is ${box.height} px high`);
      assert.ok(headingBox.y + headingBox.height <= box.y, 'the banner does not cover the heading');
    } finally {
      await context.close();
    }
  });
}
