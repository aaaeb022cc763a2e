/**
 * In the extension build `linkedom` (a DOM for Node) is replaced by this: pages already have
 * a real DOM, and linkedom's CSS dependency does not bundle for the browser. Same shape as
 * linkedom's `parseHTML` for what Outpost uses of it.
 */
export function parseHTML(html: string): { document: Document; window: typeof globalThis } {
  const document = new DOMParser().parseFromString(html, 'text/html');
  return { document, window: globalThis };
}
export class DOMParserShim {}
