import { signal } from '@preact/signals';
import { isCollection, type Collection } from '../../domain/index.ts';

export type Route =
  | { view: 'home' }
  | { view: 'tasks' }
  | { view: 'record'; type: Collection; id: string }
  | { view: 'convert'; id: string }
  | { view: 'table'; type: Collection }
  | { view: 'board'; pipelineId?: string }
  | { view: 'admin' }
  | { view: 'trash' }
  | { view: 'insights' };

/** "#/leads/ID" ⇄ route: pure, so links, the back button and tests agree. */
export function parseRoute(hash: string, fallback: Route = { view: 'home' }): Route {
  const [a, b] = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (!a) return fallback;
  if (a === 'tasks') return { view: 'tasks' };
  if (a === 'admin') return { view: 'admin' };
  if (a === 'trash') return { view: 'trash' };
  if (a === 'insights') return { view: 'insights' };
  if (a === 'board') return { view: 'board', ...(b ? { pipelineId: b } : {}) };
  if (a === 'convert' && b) return { view: 'convert', id: b };
  if (a === 'table' && isCollection(b)) return { view: 'table', type: b };
  if (isCollection(a) && b) return { view: 'record', type: a, id: b };
  return fallback;
}

export function routeHash(r: Route): string {
  switch (r.view) {
    case 'home': return '#/';
    case 'record': return `#/${r.type}/${encodeURIComponent(r.id)}`;
    case 'convert': return `#/convert/${encodeURIComponent(r.id)}`;
    case 'table': return `#/table/${r.type}`;
    case 'board': return r.pipelineId ? `#/board/${encodeURIComponent(r.pipelineId)}` : '#/board';
    default: return `#/${r.view}`;
  }
}

/** The current screen. The composition root keeps it in step with location.hash. */
export function createNavModel(initial: Route) {
  const route = signal<Route>(initial);
  return {
    route,
    go(r: Route) { route.value = r; },
    open(type: Collection, id: string) { route.value = { view: 'record', type, id }; },
  };
}
export type NavModel = ReturnType<typeof createNavModel>;
