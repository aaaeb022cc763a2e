import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

/**
 * Strings in Yjs updates written without a `TextEncoder.encodeInto` call when they are ASCII.
 *
 * Every key (`<id>/<field>`) and every string value of a transaction's update goes through
 * lib0's `writeVarString`, which calls `encodeInto` once per string. In Node that call is cheap;
 * in Chromium (the engine's Worker) it crosses into Blink for each string: a CPU profile of a
 * 10,000-row import there put 16% of the Worker's time in `encodeInto` alone, ~25% with the
 * update encoding around it (docs/architecture.md, helper p7b, session 14). Keys and most values
 * are ASCII, whose UTF-8 bytes are their char codes: those are written here directly; any other
 * string goes to lib0 as before. The bytes are identical either way (tested against lib0's own
 * encoder on random and Unicode input), so stored and synced updates do not change.
 *
 * lib0 (0.2.120, its newest) has no such path and its module bindings cannot be replaced, so the
 * three string-writing methods of Yjs's V1 update encoder (the format the engine, y-indexeddb
 * and the relay's sync use) are replaced on its prototype, once per process.
 */
const INSTALLED = Symbol.for('outpost.asciiUpdateStrings');

/** Writes `str` as lib0's `writeVarString` does (varuint byte length, then UTF-8). */
export function writeVarStringFast(encoder: encoding.Encoder, str: string): void {
  const n = str.length;
  const buf = encoder.cbuf;
  const start = encoder.cpos;
  // Room for the length (at most 5 bytes) and every char: one pass, undone at a non-ASCII char.
  if (start + 5 + n <= buf.length) {
    let pos = start;
    let len = n;
    while (len > 0x7f) { buf[pos++] = 0x80 | (len & 0x7f); len = Math.floor(len / 128); }
    buf[pos++] = len;
    for (let i = 0; i < n; i++) {
      const c = str.charCodeAt(i);
      if (c > 0x7f) { encoding.writeVarString(encoder, str); return; } // nothing was counted as written yet
      buf[pos++] = c;
    }
    encoder.cpos = pos;
    return;
  }
  for (let i = 0; i < n; i++) {
    if (str.charCodeAt(i) > 0x7f) { encoding.writeVarString(encoder, str); return; }
  }
  encoding.writeVarUint(encoder, n);
  for (let i = 0; i < n; i++) encoding.write(encoder, str.charCodeAt(i));
}

/** lib0's `writeAny` with its strings (values and object keys) written by `writeVarStringFast`. */
export function writeAnyFast(encoder: encoding.Encoder, data: unknown): void {
  if (typeof data === 'string') {
    encoding.write(encoder, 119); // lib0 TYPE 119: string
    writeVarStringFast(encoder, data);
  } else if (Array.isArray(data)) {
    encoding.write(encoder, 117); // TYPE 117: array
    encoding.writeVarUint(encoder, data.length);
    for (let i = 0; i < data.length; i++) writeAnyFast(encoder, data[i]);
  } else if (typeof data === 'object' && data !== null && !(data instanceof Uint8Array)) {
    encoding.write(encoder, 118); // TYPE 118: object
    const keys = Object.keys(data);
    encoding.writeVarUint(encoder, keys.length);
    for (let i = 0; i < keys.length; i++) {
      writeVarStringFast(encoder, keys[i]);
      writeAnyFast(encoder, (data as Record<string, unknown>)[keys[i]]);
    }
  } else {
    encoding.writeAny(encoder, data as Parameters<typeof encoding.writeAny>[1]); // numbers, booleans, null, bytes, undefined
  }
}

type V1 = { restEncoder: encoding.Encoder };

/** Installs the ASCII path in Yjs's V1 update encoder (idempotent). */
export function useFastUpdateStrings(): void {
  const proto = Y.UpdateEncoderV1.prototype as unknown as Record<PropertyKey, unknown>;
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  proto.writeString = function writeString(this: V1, s: string) { writeVarStringFast(this.restEncoder, s); };
  proto.writeKey = function writeKey(this: V1, key: string) { writeVarStringFast(this.restEncoder, key); };
  proto.writeAny = function writeAny(this: V1, any: unknown) { writeAnyFast(this.restEncoder, any); };
}
