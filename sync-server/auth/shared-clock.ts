import type { Clock } from './tokens.ts';

/** How often a relay measures its clock against the storage's again (drift, a clock set by hand). */
export const CLOCK_REFRESH_MS = 60_000;
/** An offset past this is told at start: the operator's machine clock is wrong. */
export const CLOCK_WARN_MS = 5_000;

/**
 * The one clock of every relay on one storage (Redis): its own clock moved by how far it is off the
 * storage's (`TIME`). Each relay judged expiry on its own clock: a relay an hour behind let a lapsed
 * credential open sockets, renew and call the API for that hour, and its watchdog left a lapsed
 * connection open as long; one ahead cut members off early. The offset is taken at the middle of
 * the round trip (off by at most half of it, about a millisecond on a LAN), at start and every
 * `CLOCK_REFRESH_MS`; a failed measure keeps the last one.
 */
export async function sharedClock(local: Clock, storageTime: () => Promise<number>, log: (line: string) => void, refreshMs = CLOCK_REFRESH_MS) {
  let offset = 0;
  const measure = async () => {
    const before = local().getTime();
    const remote = await storageTime();
    const after = local().getTime();
    offset = Math.round(remote - (before + after) / 2);
  };
  await measure();
  if (Math.abs(offset) > CLOCK_WARN_MS) log(`this machine's clock is ${(offset / 1000).toFixed(1)} s ${offset > 0 ? 'behind' : 'ahead of'} the storage's: credentials' expiry is judged on the storage's clock, shared by every relay on it. Set the machine's clock (NTP).`);
  const timer = setInterval(() => void measure().catch((error) => log(`measuring the clock against the storage's failed (the last offset, ${offset} ms, is kept): ${error}`)), refreshMs);
  timer.unref();
  return {
    clock: (() => new Date(local().getTime() + offset)) satisfies Clock,
    /** The storage's clock minus this machine's, in ms. */
    offset: () => offset,
    stop: () => clearInterval(timer),
  };
}
