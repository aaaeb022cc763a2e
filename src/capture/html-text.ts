// Elements that start a new line when rendered: a signature laid out in table cells, list items
// or paragraphs must keep one line per block, or name, title and company run together.
const BLOCK = /^(P|DIV|BR|LI|TR|TD|TH|DT|DD|DL|CAPTION|H[1-6]|TABLE|UL|OL|BLOCKQUOTE|PRE|HR|SECTION|ARTICLE|HEADER|FOOTER|ADDRESS|NAV|MAIN|ASIDE|CENTER|FIGURE|FIGCAPTION|FORM|FIELDSET|DETAILS|SUMMARY)$/;

/** innerText-like text of an element, for DOMs (linkedom) that have no layout. */
export function elementText(root: Element | null | undefined): string {
  if (!root) return '';
  for (const el of root.querySelectorAll('script, style, template, noscript')) el.remove();
  let out = '';
  const walk = (node: Node) => {
    if (node.nodeType === 3) out += (node.textContent ?? '').replace(/\s+/g, ' ');
    else if (node.nodeType === 1) {
      const block = BLOCK.test((node as Element).tagName.toUpperCase());
      if (block) out += '\n';
      for (const child of node.childNodes) walk(child);
      if (block) out += '\n';
    }
  };
  walk(root);
  return out.replace(/[ \t]+\n/g, '\n').replace(/\n[ \t]+/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}
