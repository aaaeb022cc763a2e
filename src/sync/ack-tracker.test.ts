import { describe, expect, it } from 'vitest';
import { createAckTracker } from './ack-tracker.ts';

describe('ack tracker', () => {
  it('settles the changes a frame carried once the relay acks it', () => {
    const t = createAckTracker();
    t.newConnection();
    t.localChange();
    t.writeSent(); // frame 1 carries change 1
    t.localChange();
    t.localChange();
    t.writeSent(); // frame 2 carries changes 2–3
    expect(t.unsaved).toBe(3);
    t.ack(1);
    expect(t.unsaved).toBe(2);
    t.ack(2);
    expect(t.unsaved).toBe(0);
  });

  it('forgets frames of a lost connection; the resync frame of the next one covers everything', () => {
    const t = createAckTracker();
    t.newConnection();
    t.localChange();
    t.writeSent();
    t.newConnection(); // relay died before acking
    t.ack(1); // an ack numbered for the new connection, before anything was sent on it: no effect
    expect(t.unsaved).toBe(1);
    t.localChange(); // offline edit
    t.writeSent(); // sync step 2 after reconnect
    t.ack(1);
    expect(t.unsaved).toBe(0);
  });

  it('gives up the changes of a room the relay will never take: none waiting, later acks change nothing', () => {
    const t = createAckTracker();
    t.localChange();
    t.localChange();
    t.writeSent();
    t.giveUp();
    expect(t.unsaved).toBe(0);
    t.ack(1);
    expect(t.unsaved).toBe(0);
  });
});
