import { signal } from '@preact/signals';
import type { Collection } from '../../domain/index.ts';
import { isCollection } from '../../domain/collection-names.ts';
import { IMPORT_AS, type ImportAs } from '../../domain/csv/index.ts';
import type { ListFilters } from '../ports.ts';

const FILTER_KEYS = ['statusId', 'ownerId', 'sourceId', 'tag'] as const;

/** "#/export/leads/statusId=new&search=acme": the table's filter carried to the Export screen. */
function exportRoute(type?: string, query = ''): Route {
  if (!type || !(IMPORT_AS as readonly string[]).includes(type)) return { view: 'export' };
  const q = new URLSearchParams(query);
  const filters: ListFilters = {};
  for (const k of FILTER_KEYS) { const v = q.get(k); if (v) filters[k] = v; }
  const search = q.get('search') ?? '';
  return { view: 'export', type: type as ImportAs, ...(Object.keys(filters).length ? { filters } : {}), ...(search ? { search } : {}) };
}

function exportHash(r: Extract<Route, { view: 'export' }>): string {
  if (!r.type) return '#/export';
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) if (r.filters?.[k]) q.set(k, r.filters[k]!);
  if (r.search) q.set('search', r.search);
  const query = q.toString();
  return `#/export/${r.type}${query ? `/${encodeURIComponent(query)}` : ''}`;
}

export type Route =
  | { view: 'home' }
  | { view: 'tasks' }
  | { view: 'record'; type: Collection; id: string }
  | { view: 'convert'; id: string }
  | { view: 'table'; type: Collection }
  | { view: 'board'; pipelineId?: string }
  | { view: 'admin'; section?: string }
  | { view: 'trash'; type?: Collection }
  | { view: 'insights' }
  | { view: 'conflicts' }
  | { view: 'import' }
  | { view: 'export'; type?: ImportAs; filters?: ListFilters; search?: string };

/** "#/leads/ID" ⇄ route: pure, so links, the back button and tests agree. */
export function parseRoute(hash: string, fallback: Route = { view: 'home' }): Route {
  const [a, b, c] = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (!a) return fallback;
  if (a === 'tasks' && !b) return { view: 'tasks' };
  if (a === 'admin') return b ? { view: 'admin', section: b } : { view: 'admin' };
  if (a === 'trash') return isCollection(b) ? { view: 'trash', type: b } : { view: 'trash' };
  if (a === 'insights') return { view: 'insights' };
  if (a === 'conflicts') return { view: 'conflicts' };
  if (a === 'import') return { view: 'import' };
  if (a === 'export') return exportRoute(b, c);
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
    case 'trash': return r.type ? `#/trash/${r.type}` : '#/trash';
    case 'board': return r.pipelineId ? `#/board/${encodeURIComponent(r.pipelineId)}` : '#/board';
    case 'export': return exportHash(r);
    case 'admin': return r.section ? `#/admin/${encodeURIComponent(r.section)}` : '#/admin';
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
