import { describe, expect, it } from 'vitest';
import { routeTarget } from './RouteLink.tsx';

describe('where a link to a screen goes', () => {
  it('from the side panel, a screen only the dashboard has opens the dashboard there (a new tab)', () => {
    expect(routeTarget('panel', { view: 'admin', section: 'fields' })).toEqual({ href: 'dashboard.html#/admin/fields', elsewhere: true });
    expect(routeTarget('panel', { view: 'admin' })).toEqual({ href: 'dashboard.html#/admin', elsewhere: true });
    expect(routeTarget('panel', { view: 'board' })).toEqual({ href: 'dashboard.html#/board', elsewhere: true });
    expect(routeTarget('panel', { view: 'import' }).elsewhere).toBe(true);
  });

  it('a screen the page shows itself stays in the page', () => {
    expect(routeTarget('panel', { view: 'record', type: 'leads', id: 'l1' })).toEqual({ href: '#/leads/l1', elsewhere: false });
    expect(routeTarget('panel', { view: 'tasks' }).elsewhere).toBe(false);
    expect(routeTarget('dashboard', { view: 'admin', section: 'fields' })).toEqual({ href: '#/admin/fields', elsewhere: false });
  });
});
