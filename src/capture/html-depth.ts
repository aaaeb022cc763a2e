/**
 * How deep a document's elements nest, read from its tags before any parser sees it. linkedom
 * (the side panel's and the CLI's parser) takes 6–19 s on a 1 MB file of 100,000 nested
 * `<div>`s; a scan of the tags takes milliseconds. Chromium's own tree builder stops nesting at
 * 512 (kMaximumHTMLParserDOMTreeDepth), so no page a browser shows needs more.
 */
export const MAX_HTML_DEPTH = 512;

// Elements that never hold others, and those whose end tag may be left out (a page of 5,000
// unclosed <p> or <li> is flat, not 5,000 deep): neither counts.
const NO_DEPTH = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen', 'basefont',
  'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'thead', 'tbody', 'tfoot', 'colgroup', 'rt', 'rp', 'caption',
]);
// Text that holds no elements: comments, scripts, styles, raw text areas.
const RAW = /<!--[\s\S]*?(?:-->|$)|<(script|style|textarea|title|xmp|noscript|template)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi;
// No "<" inside a tag, even quoted: each try stops at the next "<", so the scan stays linear on
// any input ("<a <a <a …" with no ">"); a tag with "<" in an attribute is not counted (harmless).
const TAG = /<(\/?)([a-zA-Z][\w:-]*)(?:[^<>"']|"[^"<]*"|'[^'<]*')*?(\/?)>/g;

/** The deepest nesting of `html`'s elements, counted up to `limit + 1` (then it stops reading). */
export function htmlDepth(html: string, limit = MAX_HTML_DEPTH): number {
  const text = html.replace(RAW, ' ');
  let depth = 0;
  let max = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(text); m; m = TAG.exec(text)) {
    const [, close, name, selfClosing] = m;
    if (NO_DEPTH.has(name.toLowerCase())) continue;
    if (close) depth = Math.max(0, depth - 1);
    else if (!selfClosing) {
      depth++;
      if (depth > max) max = depth;
      if (max > limit) return max;
    }
  }
  return max;
}

/** Too deep for a parser to be trusted with (see MAX_HTML_DEPTH). */
export const tooDeep = (html: string): boolean => htmlDepth(html) > MAX_HTML_DEPTH;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…', copy: '©', reg: '®' };

/**
 * The text of HTML too deep to parse (see `tooDeep`), without linkedom: one line per block,
 * table row or line break, tags out, and the character references a signature holds decoded
 * ("AT&amp;T" is "AT&T", "&#43;1 415" is "+1 415"); an unknown name stays as written.
 */
export function textWithoutTags(html: string): string {
  return html
    .replace(RAW, ' ')
    .replace(/<(?:br|\/(?:div|p|li|tr|h\d))\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:#(\d{1,7})|#x([\da-f]{1,6})|([a-z]+));/gi, (m, dec: string, hex: string, name: string) => {
      const code = dec ? Number(dec) : hex ? parseInt(hex, 16) : undefined;
      if (code !== undefined) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      return ENTITIES[name.toLowerCase()] ?? m;
    })
    .replace(/[ \t]+/g, ' ');
}

