import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import { routeHash, type NavModel, type Route } from '../models/nav-model.ts';

/** The screens the side panel shows itself; the rest (Settings, tables, the board…) are the dashboard's. */
const PANEL_VIEWS: ReadonlySet<Route['view']> = new Set(['home', 'tasks', 'record', 'convert']);

/** Which page the UI is on: the side panel provides 'panel' at its root; everything else is the dashboard. */
export const Surface = createContext<'panel' | 'dashboard'>('dashboard');

/**
 * Where a link to a screen goes from this page: in the page itself, or, from the side panel to a
 * screen only the dashboard has, the dashboard at that screen in a new tab.
 */
export function routeTarget(surface: 'panel' | 'dashboard', r: Route): { href: string; elsewhere: boolean } {
  const elsewhere = surface === 'panel' && !PANEL_VIEWS.has(r.view);
  return { href: elsewhere ? `dashboard.html${routeHash(r)}` : routeHash(r), elsewhere };
}

/** A link to a screen: followed in this page, or opening the dashboard (a new tab) from the side panel. */
export function RouteLink({ route, nav, children, class: cls, label, title }: {
  route: Route; nav: NavModel; children: ComponentChildren; class?: string; label?: string; title?: string;
}) {
  const { href, elsewhere } = routeTarget(useContext(Surface), route);
  return elsewhere
    ? <a href={href} target="_blank" rel="noopener" class={cls} aria-label={label} title={title}>{children}</a>
    : <a href={href} class={cls} aria-label={label} title={title} onClick={(e) => { e.preventDefault(); nav.go(route); }}>{children}</a>;
}
