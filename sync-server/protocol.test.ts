import { describe, expect, it } from 'vitest';
import { allDocKeys } from '../src/domain/routing.ts';
import {
  CloseCode,
  decodeMessage,
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

describe('wire protocol v2', () => {
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
    expect(parseSocketTarget(parsed)).toEqual({ workspaceId: 'ws 1', doc: undefined, version: 2 });
  });

  it('which socket an upgrade opens: multiplexed, one room, or a final refusal', () => {
    const r = (path: string) => resolveSocketTarget(new URL(path, 'http://relay'));
    expect(r('/w1?outpost=2')).toEqual({ ok: true, workspaceId: 'w1', doc: undefined, outpost: true });
    expect(r('/w1/records/7')).toEqual({ ok: true, workspaceId: 'w1', doc: 'records/7', outpost: false });
    expect(r('/w1/config?outpost=2')).toEqual({ ok: true, workspaceId: 'w1', doc: 'config', outpost: true });
    for (const old of ['/w1/records?outpost=1', '/w1/config?outpost=1', '/w1?outpost=1']) expect(r(old)).toMatchObject({ ok: false, code: CloseCode.updateOutpost, reason: expect.stringMatching(/update Outpost/) });
    for (const unknown of ['/w1/records', '/w1', '/', '/w1/records/99999', '/w1/%E0%A4%A']) expect(r(unknown)).toMatchObject({ ok: false, code: CloseCode.notFound });
  });

  it('final refusals are in the range clients never retry', () => {
    for (const code of [CloseCode.unauthorized, CloseCode.forbidden, CloseCode.notFound, CloseCode.updateOutpost]) expect(code >= 4400 && code < 4500).toBe(true);
    for (const code of [CloseCode.malformed, CloseCode.policy, CloseCode.tooBig, CloseCode.goingAway, CloseCode.tryAgain]) expect(code >= 4400 && code < 4500).toBe(false);
  });
});
