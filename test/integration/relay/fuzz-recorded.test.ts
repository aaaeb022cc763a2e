import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { allDocKeys, recordDocKey } from '../../../src/domain/routing.ts';
import { decodeMuxFrame, encodeMuxFrame, type RoomKey } from '../../../sync-server/protocol.ts';
import { attackScene } from './bystander.ts';
import { rawConnect, waitFor } from './helpers.ts';
import { connectWorkspace } from './memory-sync-store.ts';
import { prng } from './frames.ts';

const SEED = Number(process.env.OUTPOST_FUZZ_SEED ?? 20261202);
const FRAMES = Number(process.env.OUTPOST_FUZZ_FRAMES ?? 3000);

/** A `ws` client that keeps a copy of every frame it sends: a real client's traffic, recorded. */
function recordingSocket(sent: Uint8Array[]) {
  return class Recording extends WebSocket {
    override send(data: unknown, ...rest: unknown[]) {
      if (data instanceof Uint8Array || data instanceof ArrayBuffer) sent.push(new Uint8Array(data instanceof ArrayBuffer ? data : data.slice()));
      return (super.send as (...a: unknown[]) => void)(data, ...rest);
    }
  };
}

describe(`relay fuzz: ${FRAMES} frames mutated from a real client's recorded traffic (seed ${SEED})`, () => {
  const s = attackScene();

  it('after the fuzzing the relay serves a bystander, every stored room loads whole, and a new member joins', async () => {
    // 1. Record what a real Outpost client sends: its syncAll, writes in several shards, presence.
    const sent: Uint8Array[] = [];
    const real = connectWorkspace(s.t.relay, s.ws.workspaceId, s.ws.tokens.member, undefined, { WebSocketPolyfill: recordingSocket(sent) as unknown as typeof globalThis.WebSocket });
    await real.connection.whenSynced;
    for (let i = 0; i < 12; i++) {
      const id = `lead-${i}`;
      real.store.change(recordDocKey(id), (d) => d.getMap('leads').set(`${id}/name`, { first: `Lead ${i}` }));
      if (i % 3 === 0) real.store.change(recordDocKey(id), (d) => d.getMap('leads').delete(`${id}/name`));
    }
    real.connection.awareness.setLocalState({ user: { name: 'Recorder' }, viewing: 'lead-1' });
    await waitFor(() => real.connection.status.get().unsaved === 0, 10_000, 'the recorded edits saved');
    real.connection.destroy();
    expect(sent.length).toBeGreaterThan(10);

    // 2. Replay them mutated.
    const random = prng(SEED);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
    const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
    const docs = allDocKeys();
    const mutate = (f: Uint8Array): Uint8Array => {
      const copy = f.slice();
      switch (Math.floor(random() * 7)) {
        case 0: // flip a few bytes
          for (let i = 0; i < 1 + random() * 4; i++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
          return copy;
        case 1: // truncate
          return copy.slice(0, Math.floor(random() * copy.length));
        case 2: // the message of one room sent to another (or to a name that is none)
          try {
            const { message } = decodeMuxFrame(f);
            return encodeMuxFrame((random() < 0.8 ? pick(docs) : new TextDecoder().decode(bytes(8))) as RoomKey, message);
          } catch {
            return copy;
          }
        case 3: // two frames spliced
          return Uint8Array.from([...copy.slice(0, Math.floor(random() * copy.length)), ...pick(sent).slice(Math.floor(random() * 10))]);
        case 4: // a length field made huge
          copy[Math.min(copy.length - 1, 1 + Math.floor(random() * 6))] = 0xff;
          return copy;
        case 5: // random bytes inserted
          return Uint8Array.from([...copy.slice(0, 4), ...bytes(Math.floor(random() * 16)), ...copy.slice(4)]);
        default: // replayed as recorded
          return copy;
      }
    };
    const url = `${s.t.relay.wsUrl}/${s.ws.workspaceId}?outpost=3&token=${s.ws.tokens.member}`;
    let frames = 0;
    let closes = 0;
    const fuzzer = async () => {
      while (frames < FRAMES) {
        const c = rawConnect(url);
        await c.opened;
        let open = true;
        void c.closed.then(() => ((open = false), closes++));
        for (let i = 0; i < 40 && open && frames < FRAMES; i++, frames++) {
          c.ws.send(random() < 0.05 ? bytes(Math.floor(random() * 32)) : mutate(pick(sent)));
          if (i % 8 === 0) await new Promise((r) => setImmediate(r));
        }
        c.ws.terminate();
      }
    };
    await Promise.all([fuzzer(), fuzzer(), fuzzer(), fuzzer(), s.bystander.check('the start of the fuzzing')]);
    expect(closes).toBeGreaterThan(0);

    // 3. The relay still serves, and what it stored loads whole (no struct or deletion left pending).
    await s.bystander.check(`${FRAMES} fuzzed frames`);
    for (const doc of docs) {
      const stored = await s.t.relay.storage.loadRoom(`${s.ws.workspaceId}/${doc}`);
      if (!stored.length) continue;
      const d = new Y.Doc();
      Y.applyUpdate(d, Y.mergeUpdates(stored));
      expect({ doc, pending: d.store.pendingStructs !== null || d.store.pendingDs !== null }).toEqual({ doc, pending: false });
    }
    const joiner = connectWorkspace(s.t.relay, s.ws.workspaceId, s.ws.tokens.admin);
    await joiner.connection.whenSynced;
    expect(joiner.store.doc(recordDocKey('lead-1')).getMap('leads').get('lead-1/name')).toBeDefined();
    joiner.connection.destroy();
  });
});
