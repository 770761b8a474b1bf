// Each page in each language: what the server sends before any script
// runs, what the SPA then shows, and an accessibility scan at desktop and
// phone widths.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  LANGUAGES,
  NOT_FOUND_SEGMENT,
  assertNothingWentWrong,
  axeScan,
  baseUrl,
  eventually,
  launchBrowser,
  pagesOf,
  pathFor,
  readHead,
  visit,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

/** A 404 is the point of the not-found page: for its document and its API lookup. */
function expected404(info) {
  if (info.status !== 404) return [];
  return [baseUrl + info.path, `${baseUrl}/api/pages/${info.lang}/${NOT_FOUND_SEGMENT}`];
}

for (const lang of LANGUAGES) {
  for (const info of pagesOf(lang)) {
    describe(`${info.path} in ${lang}`, () => {
      test(`the server's HTML for ${info.path} already has its status, language and title`, async () => {
        const response = await fetch(baseUrl + info.path);
        assert.equal(response.status, info.status);
        const head = readHead(await response.text());
        assert.equal(head.lang, lang);
        assert.equal(head.title, info.documentTitle);
      });

      if (info.status === 200) {
        test(`the server's HTML for ${info.path} links its canonical address and each translation`, async () => {
          const head = readHead(await (await fetch(baseUrl + info.path)).text());
          const canonical = head.links.filter((link) => link.rel === 'canonical').map((link) => link.href);
          assert.deepEqual(canonical, [baseUrl + info.path]);
          const alternates = Object.fromEntries(
            head.links.filter((link) => link.rel === 'alternate').map((link) => [link.hreflang, link.href]),
          );
          const address = (other) => baseUrl + pathFor(other, info.segment);
          const expected = Object.fromEntries(LANGUAGES.map((other) => [other, address(other)]));
          expected['x-default'] = baseUrl + pathFor('en', info.segment);
          assert.deepEqual(alternates, expected);
        });
      } else {
        test(`the server's HTML for ${info.path} asks search engines not to index it`, async () => {
          const head = readHead(await (await fetch(baseUrl + info.path)).text());
          assert.deepEqual(head.links.filter((link) => link.rel === 'canonical'), []);
          assert.ok(head.metas.some((meta) => meta.name === 'robots' && meta.content.includes('noindex')));
        });
      }

      test(`${info.path} shows its heading, title and language without any error`, async () => {
        const context = await browser.newContext();
        try {
          const { page, seen, response } = await visit(context, info);
          assert.equal(response.status(), info.status);
          await eventually(() => page.title(), info.documentTitle, 'document.title');
          await eventually(() => page.evaluate(() => document.documentElement.lang), lang, '<html lang>');
          assertNothingWentWrong(seen, expected404(info));
        } finally {
          await context.close();
        }
      });

      test(`axe-core finds no accessibility violation on ${info.path}`, async () => {
        const context = await browser.newContext();
        try {
          const { page } = await visit(context, info);
          assert.deepEqual(await axeScan(page), []);
        } finally {
          await context.close();
        }
      });

      test(`${info.path} fits a 360 px wide phone screen with no violation`, async () => {
        const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
        try {
          const { page } = await visit(context, info);
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          assert.ok(width <= 360, `the page is ${width} px wide: it scrolls sideways`);
          assert.deepEqual(await axeScan(page), []);
        } finally {
          await context.close();
        }
      });
    });
  }
}

test('/favicon.ico is an icon for the clients that ask for it without a link', async () => {
  const response = await fetch(`${baseUrl}/favicon.ico`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^image\//);
  const bytes = new Uint8Array(await response.arrayBuffer());
  // An ICO file starts with reserved 0, type 1 (icon).
  assert.deepEqual([...bytes.slice(0, 4)], [0, 0, 1, 0]);
});

test('the build files named in the HTML are cached for a year, the HTML never', async () => {
  const response = await fetch(`${baseUrl}/`);
  assert.equal(response.headers.get('cache-control'), 'no-cache');
  const html = await response.text();
  const files = [...html.matchAll(/(?:href|src)="(\/[^"/]+\.(?:css|js|wasm))"|'(\/[^'/]+\.(?:js|wasm))'/g)].map(
    (match) => match[1] ?? match[2],
  );
  assert.ok(files.some((file) => file.endsWith('.wasm')), `no wasm file named in ${html}`);
  for (const file of files) {
    const asset = await fetch(baseUrl + file);
    assert.equal(asset.status, 200, file);
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable', file);
  }
});
