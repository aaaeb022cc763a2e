/**
 * Counts IndexedDB requests by method (put, get, getAll, ...) from now on, by wrapping the
 * methods of IDBObjectStore and IDBIndex; `restore` unwraps them. A count of requests is the
 * read model's cost that no machine load changes (each is a round trip in Chromium). Self-
 * contained (no imports, no closure over this module) so a bench can also run it inside a page
 * or worker as a function's source.
 */
export function countIdbRequests(scope: { IDBObjectStore: typeof IDBObjectStore; IDBIndex: typeof IDBIndex } = globalThis): { counts: Map<string, number>; total: () => number; restore: () => void } {
  const counts = new Map<string, number>();
  const undo: (() => void)[] = [];
  for (const proto of [scope.IDBObjectStore.prototype, scope.IDBIndex.prototype] as unknown as Record<string, (...a: unknown[]) => unknown>[]) {
    for (const m of ['put', 'add', 'delete', 'clear', 'get', 'getKey', 'getAll', 'getAllKeys', 'count', 'openCursor', 'openKeyCursor']) {
      const orig = proto[m];
      if (typeof orig !== 'function') continue;
      proto[m] = function (this: unknown, ...a: unknown[]) { counts.set(m, (counts.get(m) ?? 0) + 1); return orig.apply(this, a); };
      undo.push(() => { proto[m] = orig; });
    }
  }
  return { counts, total: () => [...counts.values()].reduce((a, b) => a + b, 0), restore: () => { for (const u of undo) u(); } };
}
