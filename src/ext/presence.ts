import type { EngineClient } from '../bridge/client.ts';
import type { Collection } from '../domain/index.ts';
import type { Unsubscribe, Viewer } from '../ui/ports.ts';

/** How often a page tells the engine what it shows (the engine forgets a page silent for 5 s). */
const BEAT_MS = 1000;

/**
 * The page side of "who else is viewing": while a record view watches, the page tells the
 * engine every second which records it shows and hands each watcher the teammates viewing its
 * record. When the last watch ends the page says it shows nothing, so teammates see it leave.
 */
export function viewersWatcher(client: EngineClient, beatMs = BEAT_MS) {
  const page = Math.random().toString(36).slice(2, 14);
  const watches = new Map<number, { record: string; on: (v: Viewer[]) => void; last: string }>();
  let timer: ReturnType<typeof setInterval> | null = null;
  let next = 0;
  const beat = async () => {
    const viewing = [...new Set([...watches.values()].map((w) => w.record))];
    try {
      const answer = await client.call<Record<string, Viewer[]>>({ op: 'presence', page, viewing });
      for (const w of watches.values()) {
        const viewers = answer[w.record] ?? [];
        const key = JSON.stringify(viewers);
        if (key !== w.last) { w.last = key; w.on(viewers); }
      }
    } catch (e) {
      console.warn('Outpost: presence not available', e);
    }
  };
  return (type: Collection, id: string, on: (v: Viewer[]) => void): Unsubscribe => {
    const key = next++;
    watches.set(key, { record: `${type}:${id}`, on, last: '[]' });
    void beat();
    timer ??= setInterval(() => void beat(), beatMs);
    return () => {
      watches.delete(key);
      void beat();
      if (!watches.size && timer) { clearInterval(timer); timer = null; }
    };
  };
}
