/**
 * Counts local changes and which of them the relay has settled. The relay numbers the write
 * frames (sync step 2 and updates) of each connection from 1 and acks "all frames ≤ n are on
 * disk or refused". Each frame sent carries every local change made so far (updates go out as
 * they happen; the step-2 reply after a reconnect contains all the relay lacks), so a frame
 * settles every change counted before it was sent. Pure: no socket, no Yjs.
 */
export type AckTracker = ReturnType<typeof createAckTracker>;

export function createAckTracker() {
  let localChanges = 0;
  let settledChanges = 0;
  let framesSent = 0;
  /** [frame number, local changes covered] for the current connection, oldest first. */
  let inFlight: Array<[number, number]> = [];

  return {
    localChange() {
      localChanges++;
    },
    /** A new socket: the relay numbers from 1 again; what was in flight will be resent by sync. */
    newConnection() {
      framesSent = 0;
      inFlight = [];
    },
    writeSent() {
      framesSent++;
      inFlight.push([framesSent, localChanges]);
    },
    ack(n: number) {
      while (inFlight.length > 0 && inFlight[0][0] <= n) {
        settledChanges = Math.max(settledChanges, inFlight.shift()![1]);
      }
    },
    /** Changes the relay will never take (their room is blocked): settled here, none counted as waiting. */
    giveUp() {
      settledChanges = localChanges;
      inFlight = [];
    },
    /** Write frames sent on the current connection (the number the relay will ack the last one with). */
    get framesSent() {
      return framesSent;
    },
    get unsaved() {
      return localChanges - settledChanges;
    },
  };
}
