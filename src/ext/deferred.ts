/**
 * A port whose code is still loading: each method call waits for it and starts the loading
 * (a click never waits for a timer), then forwards. Only for ports whose every method answers
 * a promise. Not thenable: `await port` gives the port, not a call of `port.then`.
 */
export function deferredPort<T extends object>(load: () => Promise<T>): T {
  return new Proxy({} as T, {
    get: (_, key) => (key === 'then' ? undefined : (...args: unknown[]) => load().then((port) => {
      const method = (port as Record<PropertyKey, unknown>)[key];
      if (typeof method !== 'function') throw new TypeError(`The port has no method ${String(key)}`);
      return (method as (...a: unknown[]) => unknown).apply(port, args);
    })),
  });
}
