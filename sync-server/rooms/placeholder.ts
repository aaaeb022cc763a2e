import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { skipContent, skipString, UNBOUNDED, type Scan } from './struct-count.ts';

/**
 * A refused write kept as deleted content: the same structs at the same clocks, with the same
 * origins and parent, each holding no value (Yjs's `ContentDeleted` of the struct's length) and
 * named in the delete set. Yjs itself leaves a deleted item in this form once its value is
 * collected, so every client integrates it as invisible.
 *
 * Why: a refused write (a 2 MB string, a value 65 levels deep, a doc at its size limit) used to
 * leave its clocks untaken. Its author's every later write to that room continued those clocks
 * and was closed as dangling (1007), then sent again on reconnect and closed again, for ever. With
 * the clocks taken by the placeholder, the author's later writes (a shorter note in the same field)
 * build on something the room has and apply for everyone.
 *
 * What others see: the write as if each value it added were empty. Nothing of the refused value;
 * a refused write that set a map key still took that key's place, as in its author's doc, so the
 * key's earlier value reads as removed (a field the author replaced with a value the relay refused
 * is empty: not the huge value, and not the old one the author no longer has); what the write
 * deleted is deleted (a text replaced by a huge one is empty), which is also what the author's next
 * reconnect would send. That is why permission refusals (a viewer, a member writing settings) are
 * never kept this way: their placeholder would remove what others see.
 *
 * A parent or key name past `maxStringBytes` cannot be copied: that struct becomes a GC struct of
 * its length (invisible; what builds on it is collected too, as in Yjs). The update must have been
 * scanned whole already (`countStructs`): this walk trusts its structure and bounds nothing.
 */
export function placeholderOf(update: Uint8Array, maxStringBytes: number): Uint8Array {
  const d = decoding.createDecoder(update);
  const scan: Scan = { d, valuesLeft: Infinity, bounds: UNBOUNDED };
  const e = encoding.createEncoder();
  const deleted = new Map<number, Array<[number, number]>>();
  const clients = decoding.readVarUint(d);
  encoding.writeVarUint(e, clients);
  for (let c = 0; c < clients; c++) {
    const structs = decoding.readVarUint(d);
    const client = decoding.readVarUint(d);
    let clock = decoding.readVarUint(d);
    encoding.writeVarUint(e, structs);
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, clock);
    for (let i = 0; i < structs; i++) {
      const info = decoding.readUint8(d);
      const ref = info & 0b11111;
      if (ref === 0 || ref === 10) {
        // GC or Skip: copied
        const length = decoding.readVarUint(d);
        encoding.writeUint8(e, info);
        encoding.writeVarUint(e, length);
        clock += length;
        continue;
      }
      const headerStart = d.pos;
      let nameTooLong = false;
      const name = () => {
        const start = d.pos;
        const bytes = decoding.readVarUint(d);
        d.pos = start;
        if (bytes > maxStringBytes) nameTooLong = true;
        skipString(scan);
      };
      if (info & 0b1000_0000) decoding.readVarUint(d), decoding.readVarUint(d); // origin
      if (info & 0b0100_0000) decoding.readVarUint(d), decoding.readVarUint(d); // right origin
      if ((info & 0b1100_0000) === 0) {
        if (decoding.readVarUint(d) === 1) name(); // parent: a root type's name
        else decoding.readVarUint(d), decoding.readVarUint(d); // parent: an item's id
        if (info & 0b0010_0000) name(); // parent sub (a map key)
      }
      const header = update.subarray(headerStart, d.pos);
      const length = contentLength(d, ref);
      skipContent(scan, ref);
      if (nameTooLong) {
        encoding.writeUint8(e, 0);
        encoding.writeVarUint(e, length);
      } else {
        encoding.writeUint8(e, (info & 0b1110_0000) | 1); // the same origins and parent, ContentDeleted
        encoding.writeUint8Array(e, header);
        encoding.writeVarUint(e, length);
        const ranges = deleted.get(client) ?? [];
        const last = ranges[ranges.length - 1];
        if (last && last[0] + last[1] === clock) last[1] += length;
        else ranges.push([clock, length]);
        deleted.set(client, ranges);
      }
      clock += length;
    }
  }
  // The write's own deletions are kept: deleting is what its author may do, and their next
  // reconnect would send them anyway (a step 2 carries the whole delete set).
  for (let n = decoding.readVarUint(d); n > 0; n--) {
    const client = decoding.readVarUint(d);
    const ranges = deleted.get(client) ?? [];
    for (let r = decoding.readVarUint(d); r > 0; r--) ranges.push([decoding.readVarUint(d), decoding.readVarUint(d)]);
    deleted.set(client, ranges);
  }
  encoding.writeVarUint(e, deleted.size);
  for (const [client, ranges] of deleted) {
    const merged = mergeRanges(ranges);
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, merged.length);
    for (const [clock, len] of merged) encoding.writeVarUint(e, clock), encoding.writeVarUint(e, len);
  }
  return encoding.toUint8Array(e);
}

/** Ranges [clock, length] sorted and joined where they touch or overlap (a delete set's form). */
function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [clock, len] of sorted) {
    const last = out[out.length - 1];
    if (last && clock <= last[0] + last[1]) last[1] = Math.max(last[1], clock + len - last[0]);
    else out.push([clock, len]);
  }
  return out;
}

/** The clocks a struct's content takes (Yjs's `getLength`), read without moving the decoder. */
function contentLength(d: decoding.Decoder, ref: number): number {
  const start = d.pos;
  try {
    switch (ref) {
      case 1: // deleted
      case 2: // JSON: one clock per string
      case 8: // any: one clock per value
        return decoding.readVarUint(d);
      case 4: // string: its length in UTF-16 code units, as Yjs decodes it
        return decoding.readVarString(d).length;
      default: // binary, embed, format, type, subdocument
        return 1;
    }
  } finally {
    d.pos = start;
  }
}

