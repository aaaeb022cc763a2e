import { effect, signal, type ReadonlySignal } from '@preact/signals';
import type { Collection } from '../../domain/index.ts';
import type { ReadPort, RecordName, Unsubscribe } from '../ports.ts';

type Ref = { type: Collection; id: string };

/**
 * The names of the records `refsOf` points at (a person's company, a timeline line's other
 * record), through one watch of the read port (a staged row is named too). The watch is renewed
 * only when the set of refs changes, not at each page or frame that reads the same ones; with no
 * refs nothing is watched (the names last read stay: nobody looks them up). `refsOf` runs in an
 * effect: the signals it reads renew it.
 */
export function watchedNames(read: ReadPort, refsOf: () => Iterable<Ref>): { names: ReadonlySignal<Record<string, RecordName>>; dispose(): void } {
  const names = signal<Record<string, RecordName>>({});
  let sub: Unsubscribe = () => {};
  let key: string | null = null;
  const stop = effect(() => {
    const refs = new Map<string, Ref>();
    for (const r of refsOf()) refs.set(`${r.type}:${r.id}`, { type: r.type, id: r.id });
    const next = [...refs.keys()].sort().join(',');
    if (next === key) return;
    key = next;
    sub();
    sub = () => {};
    if (!refs.size || !read.watchNames) return;
    sub = read.watchNames([...refs.values()], (n) => { names.value = n; });
  });
  return { names, dispose() { stop(); sub(); } };
}
