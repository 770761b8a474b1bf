// What a first visit downloads: the page's own language and no other. The
// UI strings travel in the HTML, for that language only; the wasm carries
// none, so a new language adds nothing to anyone else's download.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { LANGUAGES, baseUrl, pathFor, strings } from './helpers.mjs';

const TEXTS = /<script type="application\/json" id="civic-texts" lang="([a-z]+)">([^<]*)<\/script>/;

/** Long sentences that only one language's strings contain. */
function sentencesOf(lang) {
  const ui = strings(lang);
  return [ui.consent.intro, ui.sign.error_network, ui.not_found.description];
}

for (const lang of LANGUAGES) {
  test(`the HTML of a page in ${lang} carries that language's strings and no other's`, async () => {
    for (const path of [pathFor(lang, ''), pathFor(lang, 'surveys'), pathFor(lang, 'no-such-page')]) {
      const html = await (await fetch(baseUrl + path)).text();
      const found = html.match(TEXTS);
      assert.ok(found, `no strings element in ${path}`);
      assert.equal(found[1], lang, path);
      const carried = JSON.parse(found[2]);
      // A reading page's live parts are the language links and the share
      // buttons: it carries their strings only, whole.
      const reading = [pathFor(lang, ''), pathFor(lang, 'surveys')].includes(path);
      const sections = reading ? ['layout', 'share'] : Object.keys(strings(lang));
      assert.deepEqual(Object.keys(carried).sort(), [...sections].sort(), path);
      for (const section of sections) assert.deepEqual(carried[section], strings(lang)[section], `${path}: ${section}`);
      for (const other of LANGUAGES.filter((each) => each !== lang)) {
        for (const sentence of sentencesOf(other)) {
          assert.ok(!html.includes(sentence), `${path} carries ${other}: ${sentence}`);
        }
      }
    }
  });
}

test('the first HTML of each bundle carries its styles: nothing blocks the first paint', async () => {
  for (const path of ['/', '/newsletter', '/surveys/quick-poll-open-data']) {
    const html = await (await fetch(baseUrl + path)).text();
    assert.equal(html.match(/<link[^>]*rel="stylesheet"/g), null, `a style sheet to fetch in ${path}`);
    assert.match(html, /<style>(?:(?!<\/style>)[\s\S])*\.site-header \{/, `the layout's styles in ${path}`);
  }
});

test('no bundle carries any translation in its wasm', async () => {
  for (const path of ['/', '/newsletter', '/surveys/quick-poll-open-data']) {
    const html = await (await fetch(baseUrl + path)).text();
    const wasm = html.match(/'(\/[^'/]+_bg\.wasm)'/)?.[1];
    assert.ok(wasm, `no wasm named in the HTML of ${path}`);
    const bytes = Buffer.from(await (await fetch(baseUrl + wasm)).arrayBuffer());
    for (const lang of LANGUAGES) {
      for (const sentence of sentencesOf(lang)) {
        assert.equal(bytes.indexOf(Buffer.from(sentence, 'utf8')), -1, `${wasm} carries ${lang}: ${sentence}`);
      }
    }
  }
});

test('no page preloads a wasm: each starts the reading bundle once painted, and a page with a form its app when the visitor reaches for it', async () => {
  const wasmPreload = /<link rel="preload" href="[^"]+_bg\.wasm"/;
  const apps = {
    '/newsletter': 'civic-web',
    '/fr/petitions/lobbying-in-the-open': 'civic-web',
    '/surveys/quick-poll-open-data': 'civic-surveys',
  };
  for (const path of ['/', '/fr/about', '/campaigns', '/statistics', '/es/surveys', ...Object.keys(apps)]) {
    const html = await (await fetch(baseUrl + path)).text();
    assert.match(html, /civic-reading-[0-9a-f]+\.js/, `${path} runs the reading bundle`);
    assert.doesNotMatch(html, wasmPreload, `${path} preloads a wasm`);
    const app = apps[path];
    if (app) assert.match(html, new RegExp(`${app}-[0-9a-f]+\\.js`), `${path} has its app at hand`);
    else assert.doesNotMatch(html, /civic-(web|surveys)-[0-9a-f]+\.js/, `${path} needs no app`);
  }
});
