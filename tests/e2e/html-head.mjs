// Reads the head of an HTML document as the server sends it, to check what
// crawlers and link previews see without running the SPA.

/** `<html lang>`, `<title>` and the `<link>`s of an HTML document, read without a browser. */
export function readHead(html) {
  const attributes = (tag) =>
    Object.fromEntries([...tag.matchAll(/([\w:-]+)\s*=\s*"([^"]*)"/g)].map(([, name, value]) => [name, decode(value)]));
  return {
    lang: attributes(html.match(/<html\b[^>]*>/i)?.[0] ?? '').lang,
    title: decode(html.match(/<title>([^<]*)<\/title>/i)?.[1] ?? ''),
    links: [...html.matchAll(/<link\b[^>]*>/gi)].map(([tag]) => attributes(tag)),
    metas: [...html.matchAll(/<meta\b[^>]*>/gi)].map(([tag]) => attributes(tag)),
  };
}

function decode(text) {
  const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (entity, body) => {
    if (body[0] !== '#') return named[body] ?? entity;
    return String.fromCodePoint(body[1] === 'x' ? parseInt(body.slice(2), 16) : Number(body.slice(1)));
  });
}
