import * as decoding from 'lib0/decoding';

/** An update holds more structs than the relay decodes at once (`limits.maxUpdateStructs`). */
export class TooManyStructs extends RangeError {
  constructor(readonly max: number) {
    super(`update holds more than ${max} structs`);
  }
}

/**
 * Counts the structs of a v1 update without building them, and stops past `max`. This is the
 * check that runs before `Y.decodeUpdate`. A struct can take 2 bytes, so an 8 MB update of
 * one-clock GC structs is 4 million objects: 13 s with the event loop blocked and ~380 MB of
 * heap. Scanning costs no memory and stops at the cap. The format is Yjs 13's
 * `readClientsStructRefs` with `UpdateDecoderV1`. The scan throws (lib0 RangeError) where Yjs
 * would throw on a truncated update. Content types it does not know are left for Yjs to refuse.
 */
export function countStructs(update: Uint8Array, max: number): number {
  const d = decoding.createDecoder(update);
  let count = 0;
  const clients = decoding.readVarUint(d);
  for (let c = 0; c < clients; c++) {
    const structs = decoding.readVarUint(d);
    decoding.readVarUint(d); // client
    decoding.readVarUint(d); // first clock
    for (let i = 0; i < structs; i++) {
      if (++count > max) throw new TooManyStructs(max);
      const info = decoding.readUint8(d);
      const ref = info & 0b11111;
      if (ref === 0 || ref === 10) {
        decoding.readVarUint(d); // GC or Skip: its length
        continue;
      }
      if (info & 0b1000_0000) decoding.readVarUint(d), decoding.readVarUint(d); // origin
      if (info & 0b0100_0000) decoding.readVarUint(d), decoding.readVarUint(d); // right origin
      if ((info & 0b1100_0000) === 0) {
        if (decoding.readVarUint(d) === 1) decoding.readVarString(d); // parent: a root type's name
        else decoding.readVarUint(d), decoding.readVarUint(d); // parent: an item's id
        if (info & 0b0010_0000) decoding.readVarString(d); // parent sub (a map key)
      }
      skipContent(d, ref);
    }
  }
  return count;
}

function skipContent(d: decoding.Decoder, ref: number) {
  switch (ref) {
    case 1: // deleted
      return void decoding.readVarUint(d);
    case 2: // JSON
      for (let n = decoding.readVarUint(d); n > 0; n--) decoding.readVarString(d);
      return;
    case 3: // binary
      return void decoding.readVarUint8Array(d);
    case 4: // string
    case 5: // embed
      return void decoding.readVarString(d);
    case 6: // format
      return void (decoding.readVarString(d), decoding.readVarString(d));
    case 7: {
      // type: XmlElement (3) and XmlHook (5) carry a name
      const typeRef = decoding.readVarUint(d);
      if (typeRef === 3 || typeRef === 5) decoding.readVarString(d);
      return;
    }
    case 8: // any
      for (let n = decoding.readVarUint(d); n > 0; n--) decoding.readAny(d);
      return;
    case 9: // subdocument
      return void (decoding.readVarString(d), decoding.readAny(d));
    default:
      throw new RangeError(`unknown content type ${ref}`);
  }
}
