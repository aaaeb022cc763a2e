import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMetrics } from '../metrics.ts';
import { createMemberInbound } from './member-inbound.ts';

const socket = () => {
  const s = { paused: false, pause: () => void (s.paused = true), resume: () => void (s.paused = false) };
  return s;
};

describe('createMemberInbound: bytes per second per member, paused never closed', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());
  const budget = () => {
    const metrics = createMetrics();
    return { metrics, inbound: createMemberInbound({ bytesPerSecond: 1000, burst: 4000, metrics, now: () => Date.now() }) };
  };

  it("a member past the burst has every socket of theirs paused until the debt is paid back; another member's sockets read on", () => {
    const { inbound, metrics } = budget();
    const [phone, laptop, teammate] = [socket(), socket(), socket()];
    const onPhone = inbound.join('w/ada', phone);
    inbound.join('w/ada', laptop);
    const onTeammate = inbound.join('w/lin', teammate);
    onPhone.spend(3000);
    expect(phone.paused).toBe(false);
    onPhone.spend(3000); // 2,000 bytes of debt: 2 s at 1,000 bytes a second
    expect([phone.paused, laptop.paused, teammate.paused]).toEqual([true, true, false]);
    onTeammate.spend(4000);
    expect(teammate.paused).toBe(false);
    expect(metrics.counter('outpost_inbound_pauses_total')).toBe(1);
    expect(metrics.render()).toMatch(/outpost_inbound_paused_members 1/);
    vi.advanceTimersByTime(1900);
    expect(phone.paused).toBe(true);
    vi.advanceTimersByTime(200);
    expect([phone.paused, laptop.paused]).toEqual([false, false]);
    expect(metrics.render()).toMatch(/outpost_inbound_paused_members 0/);
  });

  it('frames still read while paused (ws drains what it holds) extend the pause; a new socket of a paused member starts paused', () => {
    const { inbound } = budget();
    const first = socket();
    const a = inbound.join('w/ada', first);
    a.spend(5000); // 1 s of debt
    a.spend(1000); // delivered from ws's buffer after the pause: 2 s
    const second = socket();
    inbound.join('w/ada', second);
    expect(second.paused).toBe(true);
    vi.advanceTimersByTime(1100);
    expect(first.paused).toBe(true);
    vi.advanceTimersByTime(1000);
    expect([first.paused, second.paused]).toEqual([false, false]);
  });

  it('a debt outlives the sockets: reconnecting does not reset it; a paid-back idle member is forgotten', () => {
    const { inbound } = budget();
    const a = inbound.join('w/ada', socket());
    a.spend(6000);
    a.leave();
    const again = socket();
    const b = inbound.join('w/ada', again);
    b.spend(1);
    expect(again.paused).toBe(true);
    vi.advanceTimersByTime(2100);
    expect(again.paused).toBe(false);
    b.leave();
    expect(inbound.members).toBe(1);
    vi.advanceTimersByTime(4100);
    expect(inbound.members).toBe(0);
  });
});
