import { render } from 'preact';
import { lazy } from '../../../src/ui/app/lazy.tsx';

/**
 * What the bundle-effects test builds with the extension's own build options: the side panel's
 * shape (a record page in a lazy chunk, keyed by the record, unmounted on going back).
 */
const Page = lazy(() => import('./effects-page.tsx').then((m) => m.Page));

export const preload = () => Page.preload();

/** Shows record `id` (or the list, for null) in `root`, as the side panel's router does. */
export function show(root: Element, id: string | null, log: string[], wide = false) {
  render(<main>{id !== null ? <Page key={id} id={id} log={log} wide={wide} /> : <p>list</p>}</main>, root);
}
