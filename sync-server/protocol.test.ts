import { describe, expect, it } from 'vitest';
import { allDocKeys } from '../src/domain/routing.ts';
import {
  CloseCode,
  closeReason,
  MAX_CLOSE_REASON_BYTES,
  CONTROL_ROOM,
  decodeControlMessage,
  decodeMessage,
  deletionsDigest,
  encodeHello,
  encodeSyncAll,
  encodeSyncBatch,
  decodeMuxFrame,
  encodeAck,
  encodeAwarenessMessage,
  encodeMuxFrame,
  encodeQueryAwareness,
  encodeRefused,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  isWriteFrame,
  OUTPOST_PROTOCOL_VERSION,
  parseRoomKey,
  parseSocketTarget,
  socketRequest,
} from './protocol.ts';
import { resolveSocketTarget } from './rooms/socket-target.ts';

describe('wire protocol v3', () => {
  it('a multiplexed frame names its room and carries one message, both ways', () => {
    for (const room of [...allDocKeys(), 'legacy/records', 'legacy/activities'] as const) {
      const payload = new Uint8Array([1, 2, 3, 250]);
      const { room: named, message } = decodeMuxFrame(encodeMuxFrame(room, encodeSyncUpdate(payload)));
      expect(named).toBe(room);
      expect(parseRoomKey(named)).toBe(room);
      expect(decodeMessage(message)).toEqual({ kind: 'sync', step: 2, payload });
    }
    expect(() => decodeMuxFrame(new Uint8Array([200]))).toThrow();
  });

  it('encodes and decodes every message kind; write messages are told apart', () => {
    const sv = new Uint8Array([1, 5, 3]);
    expect(decodeMessage(encodeSyncStep1(sv))).toEqual({ kind: 'sync', step: 0, payload: sv });
    expect(decodeMessage(encodeSyncStep2(sv))).toEqual({ kind: 'sync', step: 1, payload: sv });
    expect(decodeMessage(encodeAwarenessMessage(sv))).toEqual({ kind: 'awareness', update: sv });
    expect(decodeMessage(encodeQueryAwareness())).toEqual({ kind: 'queryAwareness' });
    expect(decodeMessage(encodeAck(300))).toEqual({ kind: 'ack', n: 300 });
    expect(decodeMessage(encodeRefused(4, 'read-only', 'Viewers cannot change this workspace.'))).toEqual({ kind: 'refused', n: 4, code: 'read-only', message: 'Viewers cannot change this workspace.' });
    expect(decodeMessage(new Uint8Array([77]))).toEqual({ kind: 'other', type: 77 });
    expect(() => decodeMessage(new Uint8Array([0, 2, 200]))).toThrow();
    expect([encodeSyncStep1(sv), encodeSyncStep2(sv), encodeSyncUpdate(sv), encodeAck(1)].map(isWriteFrame)).toEqual([false, true, true, false]);
  });

  it('room keys: the docs of routing.ts and the two legacy rooms, nothing else', () => {
    for (const bad of ['records', 'activities', 'records/-1', 'records/01', `records/${allDocKeys().length}`, 'legacy/config', 'config/1', '', 'x/records/1']) expect(parseRoomKey(bad)).toBeUndefined();
  });

  it('the token travels as a subprotocol, never in the URL', () => {
    const { url, protocols } = socketRequest('ws://relay.example:1234/', 'ws 1', 'a.b.c');
    expect(protocols).toEqual(['outpost', 'auth.a.b.c']);
    const parsed = new URL(url);
    expect(parsed.pathname).toBe('/ws%201');
    expect(parsed.searchParams.get('outpost')).toBe(String(OUTPOST_PROTOCOL_VERSION));
    expect(parsed.searchParams.has('token')).toBe(false);
    expect(url).not.toContain('a.b.c');
    expect(parseSocketTarget(parsed)).toEqual({ workspaceId: 'ws 1', doc: undefined, version: OUTPOST_PROTOCOL_VERSION });
  });

  it('which socket an upgrade opens: multiplexed, one room, or a final refusal', () => {
    const r = (path: string) => resolveSocketTarget(new URL(path, 'http://relay'));
    expect(r('/w1?outpost=3')).toEqual({ ok: true, workspaceId: 'w1', doc: undefined, outpost: true, version: 3 });
    // A version-2 client (room-by-room sync) is still served: every v2 message is kept.
    expect(r('/w1?outpost=2')).toEqual({ ok: true, workspaceId: 'w1', doc: undefined, outpost: true, version: 2 });
    expect(r('/w1/records/7')).toEqual({ ok: true, workspaceId: 'w1', doc: 'records/7', outpost: false, version: 0 });
    expect(r('/w1/config?outpost=2')).toEqual({ ok: true, workspaceId: 'w1', doc: 'config', outpost: true, version: 2 });
    for (const old of ['/w1/records?outpost=1', '/w1/config?outpost=1', '/w1?outpost=1']) expect(r(old)).toMatchObject({ ok: false, code: CloseCode.updateOutpost, reason: expect.stringMatching(/update Outpost/) });
    for (const unknown of ['/w1/records', '/w1', '/', '/w1/records/99999', '/w1/%E0%A4%A']) expect(r(unknown)).toMatchObject({ ok: false, code: CloseCode.notFound });
  });

  it('final refusals are in the range clients never retry', () => {
    for (const code of [CloseCode.unauthorized, CloseCode.forbidden, CloseCode.notFound, CloseCode.updateOutpost]) expect(code >= 4400 && code < 4500).toBe(true);
    for (const code of [CloseCode.malformed, CloseCode.policy, CloseCode.tooBig, CloseCode.goingAway, CloseCode.tryAgain]) expect(code >= 4400 && code < 4500).toBe(false);
  });

  it('batched sync: hello, syncAll and syncBatch round-trip on the control room; malformed ones throw', () => {
    const sv = new Uint8Array([1, 7, 3]);
    expect(decodeMuxFrame(encodeMuxFrame(CONTROL_ROOM, encodeHello())).room).toBe('');
    expect(parseRoomKey(CONTROL_ROOM)).toBeUndefined(); // never a room: a v2 peer closes on it rather than store anything
    expect(decodeControlMessage(encodeHello())).toEqual({ kind: 'hello', version: OUTPOST_PROTOCOL_VERSION });
    // The member's role follows the version; a relay before it sends none.
    expect(decodeControlMessage(encodeHello(OUTPOST_PROTOCOL_VERSION, 'viewer'))).toEqual({ kind: 'hello', version: OUTPOST_PROTOCOL_VERSION, role: 'viewer' });
    const all = [
      { doc: 'config' as const, stateVector: sv, deletions: 0, wantVector: false },
      { doc: 'records/255' as const, stateVector: new Uint8Array([0]), deletions: 2 ** 52 + 3, wantVector: true },
    ];
    expect(decodeControlMessage(encodeSyncAll(all))).toEqual({ kind: 'syncAll', entries: all });
    const batch = { last: true, totalRecords: 20_000, totalDocs: 2, entries: [
      { doc: 'records/3' as const, update: new Uint8Array([0, 0]), stateVector: sv, answer: true, deletions: 9, records: 80 },
      { doc: 'activities/0' as const, update: new Uint8Array(0), stateVector: new Uint8Array(0), answer: false, deletions: 0, records: 0 },
    ] };
    expect(decodeControlMessage(encodeSyncBatch(batch))).toEqual({ kind: 'syncBatch', batch });
    expect(decodeControlMessage(encodeSyncBatch({ ...batch, last: false, totalRecords: -1, totalDocs: -1 }))).toMatchObject({ batch: { last: false, totalRecords: -1 } });
    // An unknown doc, a doc named twice, an answer without a vector, a truncated frame.
    const named = (doc: string) => encodeSyncAll([{ doc: doc as 'config', stateVector: sv, deletions: 0, wantVector: false }]);
    expect(() => decodeControlMessage(named('records/99999'))).toThrow(/unknown doc/);
    expect(() => decodeControlMessage(encodeSyncAll([all[0], all[0]]))).toThrow(/twice/);
    expect(() => decodeControlMessage(encodeSyncBatch({ ...batch, entries: [{ ...batch.entries[0], stateVector: new Uint8Array(0) }] }))).toThrow(/state vector/);
    const whole = encodeSyncAll(all);
    expect(() => decodeControlMessage(whole.subarray(0, whole.length - 3))).toThrow();
    expect(decodeControlMessage(new Uint8Array([120]))).toEqual({ kind: 'other', type: 120 });
  });

  it('the deletions digest: 0 for none, equal for equal delete sets, different for different ones', () => {
    expect(deletionsDigest(null)).toBe(0);
    expect(deletionsDigest(new Uint8Array([0, 0]))).toBe(0);
    const a = new Uint8Array([0, 1, 5, 1, 0, 3]);
    const b = new Uint8Array([0, 1, 5, 1, 0, 4]);
    expect(deletionsDigest(a)).toBe(deletionsDigest(a.slice()));
    expect(deletionsDigest(a)).not.toBe(deletionsDigest(b));
    expect(Number.isSafeInteger(deletionsDigest(a))).toBe(true);
    expect(deletionsDigest(a)).toBeGreaterThan(0);
  });

  it('close reasons are cut to 123 UTF-8 bytes at a character boundary, short ones kept as they are', () => {
    const bytes = (s: string) => Buffer.byteLength(s);
    expect(closeReason('idle')).toBe('idle');
    expect(closeReason('a'.repeat(123))).toBe('a'.repeat(123));
    for (const unit of ['a', 'é', '中', '😀', 'a😀', 'é中😀']) {
      for (let n = 1; n < 200; n += 7) {
        const long = unit.repeat(n);
        const cut = closeReason(long);
        expect(bytes(cut)).toBeLessThanOrEqual(MAX_CLOSE_REASON_BYTES);
        expect(cut).not.toContain('\uFFFD');
        if (bytes(long) <= MAX_CLOSE_REASON_BYTES) expect(cut).toBe(long);
        else expect(long.startsWith(cut.slice(0, -1)) && cut.endsWith('…')).toBe(true);
      }
    }
    // A lone surrogate (from a hostile room name) encodes as U+FFFD: still a whole character.
    expect(bytes(closeReason('\ud800'.repeat(100)))).toBeLessThanOrEqual(MAX_CLOSE_REASON_BYTES);
  });
});
