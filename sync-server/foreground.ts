/**
 * Work someone is waiting on right now: an HTTP request (a sign-in, an API call), a socket's
 * upgrade, a sync answer, a write's ack. Background work that can wait (the API projection's
 * drain of a teammate's 20,000-record push) holds back while any of it is in flight.
 *
 * Why: the relay has one thread. Each hop of a reconnect or an invite exchange (a storage read,
 * an fsync, the next frame) used to wait behind one projection slice; a reconnect has a dozen
 * such hops, so it took 460–870 ms while a big push was projected, and a joining teammate's
 * invite exchange 3–4 s (`docs/architecture.md`, S4 under load).
 */
export type Foreground = {
  /** Marks one piece of work as started; the returned function ends it (once, however often called). */
  begin(): () => void;
  /** Foreground while the promise is pending. */
  track<T>(work: Promise<T>): Promise<T>;
  /** Some foreground work is in flight. */
  readonly busy: boolean;
  /** Resolves once no foreground work is in flight (at once when none is). */
  whenIdle(): Promise<void>;
};

export function createForeground(): Foreground {
  let inFlight = 0;
  // One promise per busy period, however many wait on it.
  let idle: { promise: Promise<void>; resolve(): void } | null = null;
  const end = () => {
    if (--inFlight > 0) return;
    idle?.resolve();
    idle = null;
  };
  const foreground: Foreground = {
    begin() {
      inFlight++;
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        end();
      };
    },
    track(work) {
      const done = foreground.begin();
      work.then(done, done);
      return work;
    },
    get busy() {
      return inFlight > 0;
    },
    whenIdle() {
      if (inFlight === 0) return Promise.resolve();
      if (!idle) {
        let resolve!: () => void;
        const promise = new Promise<void>((r) => (resolve = r));
        idle = { promise, resolve };
      }
      return idle.promise;
    },
  };
  return foreground;
}
