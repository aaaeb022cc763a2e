import * as decoding from 'lib0/decoding';

/** An update holds more structs and clients (`limits.maxUpdateStructs`) or values and deleted ranges (`limits.maxUpdateValues`) than the relay decodes at once. */
export class TooManyStructs extends RangeError {
  constructor(readonly max: number, what = 'structs') {
    super(`update holds more than ${max} ${what}`);
  }
}

/**
 * A value no client should have to hold (`limits.maxStringBytes`, `limits.maxValueDepth`): a
 * string of megabytes, or arrays and objects nested so deep that decoding them (recursive, in
 * lib0 and in every client) runs out of stack. The relay's own stack decided before (about
 * 5,000 levels in Node): a room it accepted could be one a browser with a smaller stack, or a
 * worker, fails to read every time it syncs.
 */
export class ContentTooLarge extends RangeError {}

/** Bounds on what an update's contents may hold; checked while scanning, never decoded. */
export type ContentBounds = { maxValues: number; maxStringBytes: number; maxDepth: number };
export const UNBOUNDED: ContentBounds = { maxValues: Infinity, maxStringBytes: Infinity, maxDepth: Infinity };

/**
 * Counts the structs of a v1 update without building them, and stops past `max`. This is the
 * check that runs before `Y.decodeUpdate`. A struct can take 2 bytes, so an 8 MB update of
 * one-clock GC structs is 4 million objects: 13 s with the event loop blocked and ~380 MB of
 * heap. Scanning costs no memory and stops at the cap. The values inside structs (each element
 * of an array, each entry of an object in a map value) are bounded by `bounds.maxValues`: one
 * struct holding an array of 4 million zeros (8 MB) blocked `Y.decodeUpdate` for 0.9 s and was
 * stored for every client to decode. Strings (values, map keys, type names) and nesting are bounded by
 * `bounds` (`ContentTooLarge`). The format is Yjs 13's `readClientsStructRefs` with
 * `UpdateDecoderV1`. The scan throws (lib0 RangeError) where Yjs would throw on a truncated
 * update. Content types it does not know are left for Yjs to refuse.
 */
export function countStructs(update: Uint8Array, max: number, bounds: ContentBounds = UNBOUNDED): number {
  const d = decoding.createDecoder(update);
  const scan: Scan = { d, valuesLeft: bounds.maxValues, bounds };
  let count = 0;
  /** Structs and client entries (of the structs and of the delete set): each costs about an object to decode. */
  let entries = 0;
  const entry = () => {
    if (++entries > max) throw new TooManyStructs(max, 'structs and clients');
  };
  const clients = decoding.readVarUint(d);
  for (let c = 0; c < clients; c++) {
    entry();
    const structs = decoding.readVarUint(d);
    decoding.readVarUint(d); // client
    decoding.readVarUint(d); // first clock
    for (let i = 0; i < structs; i++) {
      count++;
      entry();
      const info = decoding.readUint8(d);
      const ref = info & 0b11111;
      if (ref === 0 || ref === 10) {
        decoding.readVarUint(d); // GC or Skip: its length
        continue;
      }
      if (info & 0b1000_0000) decoding.readVarUint(d), decoding.readVarUint(d); // origin
      if (info & 0b0100_0000) decoding.readVarUint(d), decoding.readVarUint(d); // right origin
      if ((info & 0b1100_0000) === 0) {
        if (decoding.readVarUint(d) === 1) skipString(scan); // parent: a root type's name
        else decoding.readVarUint(d), decoding.readVarUint(d); // parent: an item's id
        if (info & 0b0010_0000) skipString(scan); // parent sub (a map key)
      }
      skipContent(scan, ref);
    }
  }
  // The delete set: clients, each with ranges (clock, length). Unbounded, 1.5 million clients of
  // one range each (9 MB) took Y.decodeUpdate 5.4 s, from any socket, a viewer's too (the write
  // is refused only after it is decoded); 2 million ranges of one client 1.3 s.
  const deleters = decoding.readVarUint(d);
  for (let c = 0; c < deleters; c++) {
    entry();
    decoding.readVarUint(d); // client
    for (let n = decoding.readVarUint(d); n > 0; n--) spend(scan, 'values and deleted ranges'), decoding.readVarUint(d), decoding.readVarUint(d);
  }
  return count;
}

export type Scan = { d: decoding.Decoder; valuesLeft: number; bounds: ContentBounds };

const spend = (scan: Scan, what = 'values') => {
  if (--scan.valuesLeft < 0) throw new TooManyStructs(scan.bounds.maxValues, what);
};

/** A varString or varUint8Array, skipped: its length checked first, its bytes never decoded. */
export function skipString(scan: Scan, what = 'a string') {
  const { d } = scan;
  const bytes = decoding.readVarUint(d);
  if (bytes > scan.bounds.maxStringBytes) throw new ContentTooLarge(`${what} of ${bytes} bytes (the relay takes ${scan.bounds.maxStringBytes})`);
  skipBytes(d, bytes);
}

function skipBytes(d: decoding.Decoder, bytes: number) {
  if (d.pos + bytes > d.arr.length) throw new RangeError('unexpected end of update');
  d.pos += bytes;
}

/**
 * One lib0 `any` value (ContentAny), walked without recursion or building it: nesting counted
 * against `maxDepth`, every value against the objects budget, strings against `maxStringBytes`.
 */
function skipAny(scan: Scan) {
  const { d } = scan;
  /** Entries left to read in each open array or object (objects: a key before each value). */
  const open: Array<{ left: number; keyed: boolean }> = [];
  for (let first = true; first || open.length > 0; first = false) {
    if (!first) {
      const top = open[open.length - 1];
      if (top.left === 0) {
        open.pop();
        continue;
      }
      top.left--;
      if (top.keyed) skipString(scan, 'a key');
    }
    spend(scan);
    const type = decoding.readUint8(d);
    switch (type) {
      case 127: // undefined
      case 126: // null
      case 121: // false
      case 120: // true
        break;
      case 125: // integer
        decoding.readVarInt(d);
        break;
      case 124: // float32
      case 123: // float64
      case 122: // bigint64
        skipBytes(d, type === 124 ? 4 : 8);
        break;
      case 119:
        skipString(scan);
        break;
      case 118: // object
      case 117: {
        // array
        const left = decoding.readVarUint(d);
        if (open.length + 1 > scan.bounds.maxDepth) throw new ContentTooLarge(`a value nested more than ${scan.bounds.maxDepth} levels deep`);
        open.push({ left, keyed: type === 118 });
        break;
      }
      case 116:
        skipString(scan, 'a binary value');
        break;
      default:
        throw new RangeError(`unknown value type ${type}`);
    }
  }
}

export function skipContent(scan: Scan, ref: number) {
  const { d } = scan;
  switch (ref) {
    case 1: // deleted
      return void decoding.readVarUint(d);
    case 2: // JSON
      for (let n = decoding.readVarUint(d); n > 0; n--) spend(scan), skipString(scan);
      return;
    case 3: // binary
      return skipString(scan, 'a binary value');
    case 4: // string
    case 5: // embed
      return skipString(scan);
    case 6: // format
      return void (skipString(scan, 'a key'), skipString(scan));
    case 7: {
      // type: XmlElement (3) and XmlHook (5) carry a name
      const typeRef = decoding.readVarUint(d);
      if (typeRef === 3 || typeRef === 5) skipString(scan, 'a name');
      return;
    }
    case 8: // any
      for (let n = decoding.readVarUint(d); n > 0; n--) skipAny(scan);
      return;
    case 9: // subdocument
      return void (skipString(scan, 'a name'), skipAny(scan));
    default:
      throw new RangeError(`unknown content type ${ref}`);
  }
}
