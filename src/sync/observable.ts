/** A value that can be read and watched; `subscribe` returns its unsubscribe. */
export type Observable<T> = {
  get(): T;
  subscribe(listener: (value: T) => void): () => void;
};

export function createObservable<T>(initial: T) {
  let value = initial;
  const listeners = new Set<(value: T) => void>();
  return {
    get: () => value,
    set(next: T) {
      value = next;
      for (const l of [...listeners]) l(value);
    },
    subscribe(listener: (value: T) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    clear: () => listeners.clear(),
  };
}
