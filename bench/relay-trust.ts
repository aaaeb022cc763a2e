/**
 * Relay figures of issue 13, side by side with `@y/websocket-server` in the same run (hosts from
 * bench/relay.ts: each server in its own child process, clients here).
 *   R11 1,000 concurrent connections over 100 workspaces on one relay process: the server's
 *       memory for them (MB, heap + external after gc) and the p99 round trip writer → the 9 other
 *       clients of its workspace (ms). The relay checks every member credential (subprotocol) at connect.
 */
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { pct, reader, startHost, until, type Host } from './relay.ts';
import type { BenchResult } from './types.ts';

const WORKSPACES = 100;
const PER_WORKSPACE = 10;

async function concurrent(h: Host, rounds: number) {
  const before = await h.memory();
  const groups: WebsocketProvider[][] = [];
  // Opened a workspace at a time (10 sockets), as teams arrive; all stay open together.
  for (const space of h.spaces.slice(0, WORKSPACES)) {
    const group = Array.from({ length: PER_WORKSPACE }, () => reader(h, 'records/0', new Y.Doc(), space));
    groups.push(group);
    await until(() => group.every((p) => p.synced), 120_000);
  }
  const all = groups.flat();
  const memory = ((await h.memory()) - before) / 1e6;
  const latencies: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const [writer, ...readers] of groups) {
      const start = performance.now();
      writer.doc.getMap('bench').set('r', r);
      await until(() => readers.every((p) => p.doc.getMap('bench').get('r') === r));
      latencies.push(performance.now() - start);
    }
  }
  const connected = all.filter((p) => p.wsconnected).length;
  all.forEach((p) => p.destroy());
  latencies.sort((a, b) => a - b);
  return { memory, p99: pct(latencies, 0.99), p50: pct(latencies, 0.5), connected, samples: latencies.length };
}

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;
const ratio = (v: number, b: number) => (b ? round(v / b) : null);

export async function run({ quick }: { quick: boolean }): Promise<BenchResult[]> {
  process.setMaxListeners(0);
  const rounds = quick ? 2 : 5;
  const [ours, base] = await Promise.all([startHost('outpost', WORKSPACES), startHost('baseline', WORKSPACES)]);
  try {
    const b = await concurrent(base, rounds);
    const o = await concurrent(ours, rounds);
    if (o.connected !== WORKSPACES * PER_WORKSPACE || b.connected !== WORKSPACES * PER_WORKSPACE) throw new Error(`not every connection stayed open (relay ${o.connected}, baseline ${b.connected})`);
    const note = `${WORKSPACES * PER_WORKSPACE} concurrent connections, ${WORKSPACES} workspaces × ${PER_WORKSPACE}, one process; relay: credential per connection (subprotocol), LevelDB fsync; baseline @y/websocket-server in memory; ${o.samples} round trips each (p50 relay ${round(o.p50)} ms, baseline ${round(b.p50)} ms)`;
    return [
      { id: 'R11.memory', value: round(o.memory, 1), unit: 'MB', baseline: round(b.memory, 1), ratio: ratio(o.memory, b.memory), note },
      { id: 'R11.p99', value: round(o.p99), unit: 'ms', baseline: round(b.p99), ratio: ratio(o.p99, b.p99), note },
    ];
  } finally {
    await Promise.all([ours.stop(), base.stop()]);
  }
}
