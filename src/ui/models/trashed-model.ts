import { effect, signal, type ReadonlySignal } from '@preact/signals';
import type { Collection } from '../../domain/index.ts';
import type { ReadPort } from '../ports.ts';

/**
 * How many records of a type wait in the trash, asked only while `when` holds (a list with
 * nothing live and no search or filter): an empty list then says they are in the Trash rather
 * than "No people yet." after a delete of every row. `count` is null while not asked or not known.
 */
export function createTrashedModel(read: ReadPort, type: Collection, when: ReadonlySignal<boolean>) {
  const count = signal<number | null>(null);
  let unsubscribe = () => {};
  const stop = effect(() => {
    unsubscribe();
    unsubscribe = () => {};
    if (!when.value) { count.value = null; return; }
    unsubscribe = read.watchList({ type, search: '', offset: 0, limit: 1, deleted: true }, (p) => { count.value = p.total; });
  });
  return { count: count as ReadonlySignal<number | null>, dispose() { stop(); unsubscribe(); } };
}
export type TrashedModel = ReturnType<typeof createTrashedModel>;
