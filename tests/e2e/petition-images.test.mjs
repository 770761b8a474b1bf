// Petition pictures at the size they are shown: on a phone the campaigns
// page downloads small WebP copies and never the 1200×630 JPEG that link
// previews use, cards below the first screen wait until they are scrolled
// near, nothing moves when a picture arrives, each `sizes` matches the
// width the CSS gives the picture, and the petition page's picture, the
// largest thing on its first screen, is fetched first.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  assertNothingWentWrong,
  baseUrl,
  launchBrowser,
  recordLayoutShifts,
  pathFor,
  strings,
  waitForHeading,
  watchedPage,
} from './helpers.mjs';

const PHONE = { width: 390, height: 844 };
const PETITION = 'clean-air-near-schools';
const ORIGINAL = /\/images\/petitions\/[^/]+\.jpg$/;
const COPY = /\/images\/variants\/[^/]+-(\d+)w-[0-9a-f]{16}\.(webp|jpg)$/;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

/** A page that keeps every picture it downloads: its address, type and bytes. */
async function pictureWatchingPage(context) {
  const watched = await watchedPage(context);
  const pictures = [];
  watched.page.on('response', async (response) => {
    if (response.request().resourceType() !== 'image') return;
    const body = await response.body().catch(() => Buffer.alloc(0));
    pictures.push({ url: response.url(), type: response.headers()['content-type'], bytes: body.length });
  });
  return { ...watched, pictures };
}

/**
 * Every petition picture on the page: its box, whether it has loaded, the
 * copy the browser chose, its attributes, and the width its `sizes`
 * gives for this screen (each condition tried with matchMedia, the length
 * measured on an element of that width).
 */
function describePictures() {
  const slotWidth = (sizes) => {
    for (const entry of sizes.split(/,(?![^(]*\))/)) {
      const match = entry.trim().match(/^(\(.*\))\s+(.+)$/);
      if (match && !window.matchMedia(match[1]).matches) continue;
      const probe = document.createElement('div');
      probe.style.cssText = `position:absolute;visibility:hidden;width:${match ? match[2] : entry.trim()}`;
      document.body.append(probe);
      const width = probe.getBoundingClientRect().width;
      probe.remove();
      return width;
    }
    return null;
  };
  return [...document.querySelectorAll('picture img')].map((img) => {
    const rect = img.getBoundingClientRect();
    const source = img.parentElement.querySelector('source');
    return {
      alt: img.alt,
      top: rect.top + window.scrollY,
      width: rect.width,
      height: rect.height,
      loaded: img.complete && img.naturalWidth > 0,
      currentSrc: img.currentSrc,
      loading: img.getAttribute('loading'),
      fetchpriority: img.getAttribute('fetchpriority'),
      attributes: [img.getAttribute('width'), img.getAttribute('height')],
      sourceType: source?.type,
      sourceCandidates: (source?.srcset ?? '').split(', ').map((c) => Number(c.split(' ')[1]?.replace('w', ''))),
      slot: slotWidth(img.sizes),
      sourceSizes: source?.sizes,
      imgSizes: img.sizes,
    };
  });
}

/** The copy's width from its name, e.g. `clean-air-800w-….webp`. */
function copyWidth(url) {
  const match = new URL(url).pathname.match(COPY);
  assert.ok(match, `${url} is one of the server's copies`);
  return Number(match[1]);
}

/** Fits: as sharp as the screen needs, allowing Chromium's own rounding down, and no larger than needed. */
function assertFits(picture, density, where) {
  assert.equal(picture.sourceType, 'image/webp', `${where}: a WebP <source>`);
  assert.equal(picture.sourceSizes, picture.imgSizes, `${where}: the <source> and the <img> share sizes`);
  assert.ok(
    Math.abs(picture.slot - picture.width) <= Math.max(16, picture.width * 0.05),
    `${where}: sizes says ${picture.slot}px, the picture is ${picture.width}px wide`,
  );
  const chosen = copyWidth(picture.currentSrc);
  const needed = picture.width * density;
  const enough = Math.min(...picture.sourceCandidates.filter((width) => width >= needed));
  assert.ok(chosen <= enough, `${where}: ${chosen}w chosen where ${enough}w covers ${needed}px`);
  assert.ok(chosen >= needed * 0.8, `${where}: ${chosen}w is too blurry for ${needed}px`);
}

describe('petition pictures at the size they are shown', () => {
  for (const density of [1, 2]) {
    test(`on a 390 px phone at ${density}x, /campaigns downloads small WebP copies only and nothing shifts`, async () => {
      const ui = strings('en').campaigns;
      const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: density });
      try {
        await context.addInitScript(recordLayoutShifts);
        const { page, seen, pictures } = await pictureWatchingPage(context);
        await page.goto(baseUrl + pathFor('en', 'campaigns'));
        await waitForHeading(page, ui.title);
        await page.locator('.petition-card picture img').first().waitFor({ timeout: 10000 });
        // Every card's box has the picture's shape before its bytes arrive.
        const first = await page.evaluate(describePictures);
        assert.ok(first.length >= 4, 'a picture on every card');
        for (const picture of first) {
          assert.deepEqual(picture.attributes, ['1200', '630'], `${picture.alt}: width and height`);
          assert.ok(Math.abs(picture.height - (picture.width * 630) / 1200) < 1, `${picture.alt}: its box is 1200:630`);
        }
        const shiftWithList = await page.evaluate(() => window.__layoutShift);

        await page.waitForLoadState('networkidle');
        const [top, ...below] = await page.evaluate(describePictures);
        assert.equal(top.loading, null, 'the first card is on the first screen: fetched at once');
        assert.ok(top.top < PHONE.height, 'the first card is on the first screen');
        for (const picture of below) {
          assert.equal(picture.loading, 'lazy', `${picture.alt}: waits until scrolled near`);
          // The second card starts right at the fold of a 390×844 screen.
          assert.ok(picture.top >= PHONE.height - 4, `${picture.alt}: below the first screen (top ${picture.top})`);
        }
        assert.ok(top.loaded, 'the first picture has arrived');
        assertFits(top, density, 'the first card');

        await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
        await page.waitForLoadState('networkidle');
        await page.waitForFunction(() => [...document.querySelectorAll('picture img')].every((img) => img.complete));
        for (const picture of await page.evaluate(describePictures)) assertFits(picture, density, picture.alt);

        const shift = await page.evaluate(() => window.__layoutShift);
        assert.ok(shift - shiftWithList < 0.001, `pictures arriving moved the page by ${shift - shiftWithList}`);
        assert.ok(shift < 0.1, `cumulative layout shift ${shift}`);
        assert.ok(pictures.length >= 4, 'the pictures were downloaded');
        for (const { url, type } of pictures) {
          assert.doesNotMatch(url, ORIGINAL, 'never the 1200×630 JPEG of link previews');
          assert.equal(type, 'image/webp', url);
          assert.ok(copyWidth(url) <= 400 * density, `${url}: a small copy`);
        }
        const total = pictures.reduce((sum, { bytes }) => sum + bytes, 0);
        console.log(`    /campaigns at 390 px, ${density}x: ${pictures.length} pictures, ${total} bytes`);
        assertNothingWentWrong(seen);
      } finally {
        await context.close();
      }
    });
  }

  for (const screen of [
    { width: 600, height: 900, density: 2 },
    { width: 800, height: 1000, density: 1 },
    { width: 1280, height: 800, density: 1 },
  ]) {
    test(`at ${screen.width} px and ${screen.density}x, the campaign cards' sizes fit the layout`, async () => {
      const context = await browser.newContext({ viewport: screen, deviceScaleFactor: screen.density });
      try {
        const { page, seen } = await watchedPage(context);
        await page.goto(baseUrl + pathFor('en', 'campaigns'));
        await waitForHeading(page, strings('en').campaigns.title);
        await page.locator('.petition-card picture img').first().waitFor({ timeout: 10000 });
        await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
        await page.waitForLoadState('networkidle');
        await page.waitForFunction(() => [...document.querySelectorAll('picture img')].every((img) => img.complete));
        for (const picture of await page.evaluate(describePictures)) {
          assertFits(picture, screen.density, `${picture.alt} at ${screen.width} px`);
        }
        assertNothingWentWrong(seen);
      } finally {
        await context.close();
      }
    });
  }

  for (const screen of [
    { ...PHONE, density: 2 },
    { width: 800, height: 1000, density: 1 },
    { width: 1280, height: 800, density: 1 },
  ]) {
    test(`at ${screen.width} px, a petition's picture is on the first screen, fetched first, at the size shown`, async () => {
      const context = await browser.newContext({ viewport: screen, deviceScaleFactor: screen.density });
      try {
        const { page, seen, pictures } = await pictureWatchingPage(context);
        await page.goto(baseUrl + pathFor('en', `petitions/${PETITION}`));
        await page.locator('.petition-main picture img').waitFor({ timeout: 10000 });
        await page.waitForLoadState('networkidle');
        await page.waitForFunction(() => document.querySelector('.petition-main picture img').complete);
        const [picture] = await page.evaluate(describePictures);
        assert.equal(picture.loading, null, 'never lazy: it is the largest thing on the first screen');
        assert.equal(picture.fetchpriority, 'high');
        // A phone shows the count and the sign button first (phone.test.mjs),
        // then the picture.
        assert.ok(picture.top < screen.height, 'it starts on the first screen');
        assertFits(picture, screen.density, `the petition's picture at ${screen.width} px`);
        assert.deepEqual(pictures.map(({ type }) => type), ['image/webp'], 'one picture, as WebP');
        assertNothingWentWrong(seen);
      } finally {
        await context.close();
      }
    });
  }
});
