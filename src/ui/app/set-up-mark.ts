/**
 * First run ends in a reload (the pages start again on the new workspace's ports), which left
 * focus on the page and nothing saying the set-up took: the form just vanished. The reload's
 * address carries a mark (`?set-up=done`) that the started page reads once, to say so and put
 * focus there, and takes off again so a later reload says nothing.
 */
const PARAM = 'set-up';

/** `href` with the mark, its route (the hash) kept. Pure. */
export function withSetUpMark(href: string): string {
  const u = new URL(href);
  u.searchParams.set(PARAM, 'done');
  return u.href;
}

/** Whether `href` carries the mark, and `href` without it. Pure. */
export function readSetUpMark(href: string): { marked: boolean; href: string } {
  const u = new URL(href);
  const marked = u.searchParams.get(PARAM) === 'done';
  u.searchParams.delete(PARAM);
  return { marked, href: u.href };
}

/** Reads the mark of this page's address once and takes it off (without a reload); a view rendered with no address (Node) has none. */
export function takeSetUpMark(): boolean {
  if (typeof location === 'undefined' || typeof history === 'undefined') return false;
  const { marked, href } = readSetUpMark(location.href);
  if (marked) history.replaceState(history.state, '', href);
  return marked;
}
