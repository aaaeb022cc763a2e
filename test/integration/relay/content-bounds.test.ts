import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { CloseCode, MessageType, RefusalCode } from '../../../sync-server/protocol.ts';
import { attackScene } from './bystander.ts';
import { client, closedWithin, greeted, sleep, waitFor } from './helpers.ts';
import { deepValueUpdate, deleteSetUpdate, encodeUpdateFrame } from './frames.ts';

/**
 * What one member's update may make a room hold. The relay checks structure, not the record
 * schema; before, a member could store a value thousands of levels deep (the relay's own stack
 * decided: what some clients cannot decode, every time they sync the room), a string of
 * megabytes, or one struct of millions of values (0.9 s of the relay's event loop to decode, and
 * then every client's). Strings and nesting past the bounds are refused as a write (the sender
 * hears which change, its connection goes on); millions of values close the socket (1009), as
 * millions of structs did.
 */
describe('relay: bounds on what an update holds', () => {
  const s = attackScene();

  const nested = (depth: number) => {
    let v: unknown = 'leaf';
    for (let i = 0; i < depth; i++) v = [v];
    return v;
  };

  it("the extension's own client: a 2 MB string and a value 65 levels deep are refused with content-too-large; settled, still connected; teammates never see them", async () => {
    const { t, ws } = s;
    const writer = client(t.relay, ws.workspaceId, 'records/4', ws.tokens.member);
    const reader = client(t.relay, ws.workspaceId, 'records/4', ws.tokens.admin);
    try {
      await Promise.all([writer.whenSynced, reader.whenSynced]);
      const leads = (c: typeof writer) => c.doc.getMap('leads');
      leads(writer).set('huge/notes', 'x'.repeat(2 * 1024 * 1024));
      await waitFor(() => writer.status.get().rejectedWrite !== null, 10_000, 'the refusal');
      expect(writer.status.get().rejectedWrite).toEqual({ code: RefusalCode.contentTooLarge, message: expect.stringMatching(/larger or more deeply nested.*a string of 2097152 bytes \(the relay takes 1048576\)/) });
      await waitFor(() => writer.status.get().unsaved === 0, 10_000, 'the refused write settled');
      leads(writer).set('deep/notes', nested(65));
      await waitFor(() => /nested more than 64 levels/.test(writer.status.get().rejectedWrite?.message ?? ''), 10_000, 'the second refusal');
      await waitFor(() => writer.status.get().unsaved === 0, 10_000, 'the second refused write settled');
      expect(writer.status.get().connection).toBe('connected');
      // Within the bounds (the domain's longest text, a record's nesting): stored and seen. (The
      // refused writer's own later writes: refused-writes.test.ts.)
      leads(reader).set('fine/notes', 'y'.repeat(100_000));
      leads(reader).set('fine/provenance', nested(10));
      await waitFor(() => leads(writer).get('fine/notes') === 'y'.repeat(100_000) && leads(writer).has('fine/provenance') && reader.status.get().unsaved === 0, 10_000, 'the write within bounds');
      expect(leads(reader).has('huge/notes')).toBe(false);
      expect(leads(reader).has('deep/notes')).toBe(false);
      expect(writer.status.get().connection).toBe('connected');
      const stored = new Y.Doc();
      for (const u of await t.relay.storage.loadRoom(`${ws.workspaceId}/records/4`)) Y.applyUpdate(stored, u);
      expect([...stored.getMap('leads').keys()].sort()).toEqual(['fine/notes', 'fine/provenance']);
      expect(t.relay.metrics.counter('outpost_refusals_total', { reason: RefusalCode.contentTooLarge })).toBe(2);
    } finally {
      writer.destroy();
      reader.destroy();
    }
    await s.bystander.check('refused content');
  });

  it('a raw socket: a value 100,000 levels deep (which Yjs cannot decode) is refused, not stored; 2 million values in one struct close the socket 1009', async () => {
    const { t, ws } = s;
    const url = `${t.relay.wsUrl}/${ws.workspaceId}/records/5?outpost=3&token=${ws.tokens.member}`;
    const c = await greeted(url);
    c.frames.length = 0;
    c.ws.send(encodeUpdateFrame(deepValueUpdate(100_000)));
    await waitFor(() => c.frames.some((f) => f[0] === MessageType.refused), 10_000, 'the refusal');
    const refusal = decoding.createDecoder(c.frames.find((f) => f[0] === MessageType.refused)!);
    decoding.readVarUint(refusal);
    expect(decoding.readVarUint(refusal)).toBe(1); // write 1
    expect(decoding.readVarString(refusal)).toBe(RefusalCode.contentTooLarge);
    expect(decoding.readVarString(refusal)).toMatch(/nested more than 64 levels/);
    await sleep(100);
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    // Kept as deleted content (refused-writes.test.ts): its clock taken, nothing of the value.
    const kept = await t.relay.storage.loadRoom(`${ws.workspaceId}/records/5`);
    expect(kept.reduce((n, u) => n + u.length, 0)).toBeLessThan(40);
    const doc = new Y.Doc();
    for (const u of kept) Y.applyUpdate(doc, u);
    expect(doc.getMap('leads').has('deep')).toBe(false);
    expect(Y.decodeStateVector(Y.encodeStateVector(doc))).toEqual(new Map([[4242, 1]]));

    const zeros = new Y.Doc();
    zeros.getMap('leads').set('k', new Array(2_000_000).fill(0));
    c.ws.send(encodeUpdateFrame(Y.encodeStateAsUpdate(zeros)));
    const closed = await closedWithin(c);
    expect(closed).toEqual({ code: CloseCode.tooBig, reason: 'records/5: update holds more than 1000000 values' });
    expect(await t.relay.storage.loadRoom(`${ws.workspaceId}/records/5`)).toEqual(kept);
    await s.bystander.check('a deep value and two million values');
  });

  it("a delete set of a million clients (decoded before, 4 s of the relay's time per frame, a viewer's too) closes the socket 1009 at once; the relay keeps serving", async () => {
    const { t, ws } = s;
    const c = await greeted(`${t.relay.wsUrl}/${ws.workspaceId}/records/6?outpost=3&token=${ws.tokens.viewer}`);
    const started = Date.now();
    c.ws.send(encodeUpdateFrame(deleteSetUpdate(1_000_000, 1)));
    const closed = await closedWithin(c, 20_000);
    console.log(`a delete set of 1,000,000 clients (${(deleteSetUpdate(1_000_000, 1).length / 2 ** 20).toFixed(1)} MB): closed ${closed.code} after ${Date.now() - started} ms`);
    expect(closed).toEqual({ code: CloseCode.tooBig, reason: 'records/6: update holds more than 200000 structs and clients' });
    const ranges = await greeted(`${t.relay.wsUrl}/${ws.workspaceId}/records/6?outpost=3&token=${ws.tokens.member}`);
    ranges.ws.send(encodeUpdateFrame(deleteSetUpdate(1, 1_500_000)));
    expect(await closedWithin(ranges, 20_000)).toEqual({ code: CloseCode.tooBig, reason: 'records/6: update holds more than 1000000 values and deleted ranges' });
    await s.bystander.check('delete-set bombs');
  });
});
