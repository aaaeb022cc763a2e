import type { ReadPort, Unsubscribe } from '../ui/ports.ts';

/**
 * A watch that starts once its code has loaded: conflicts, known-here and insights need the
 * field catalogue, match keys (tldts, libphonenumber) and charts' sums, the config the engine's
 * port, and every read the read model's code (Dexie), none of which the side panel's first list
 * waits for (docs/architecture.md, "The side panel's first paint"). Closing it before then
 * closes it once it starts.
 */
export function lazyWatch(start: Promise<Unsubscribe>): Unsubscribe {
  let stop: Unsubscribe | null = null;
  let closed = false;
  start.then((s) => { if (closed) s(); else stop = s; }, (e: unknown) => console.error('Outpost: a view\'s code did not load', e));
  return () => { closed = true; stop?.(); };
}

type Watches = { [K in keyof ReadPort as K extends `watch${string}` ? K : never]-?: NonNullable<ReadPort[K]> };

/**
 * The read port while its code (Dexie, the queries) is still loading: each watch starts once it
 * is there, each query waits for it. The side panel renders its first list before (its rows
 * read early: src/ext/early-list.ts), and the code loads meanwhile.
 */
export function lazyReadPort(port: Promise<ReadPort>): ReadPort {
  const watch = <K extends keyof Watches>(key: K) => ((...args: Parameters<Watches[K]>) => lazyWatch(port.then((p) => {
    const method = p[key] as ((...a: Parameters<Watches[K]>) => Unsubscribe) | undefined;
    if (!method) throw new TypeError(`The read port has no ${key}`);
    return method.apply(p, args);
  }))) as unknown as Watches[K];
  return {
    watchList: watch('watchList'), watchRows: watch('watchRows'), watchRecord: watch('watchRecord'), watchActivities: watch('watchActivities'),
    watchRelated: watch('watchRelated'), watchConfig: watch('watchConfig'), watchHistory: watch('watchHistory'),
    watchKnownHere: watch('watchKnownHere'), watchSignals: watch('watchSignals'), watchViewers: watch('watchViewers'),
    watchConflicts: watch('watchConflicts'), watchNames: watch('watchNames'),
    queryList: (req) => port.then((p) => p.queryList(req)),
    insights: (now, range) => port.then((p) => p.insights(now, range)),
  };
}
