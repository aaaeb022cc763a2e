import type { Storage } from '../storage/types.ts';
import { decodeStateVectorOrThrow, encodeStateVector, summarize, type StateVector } from './update-state.ts';
import * as Y from 'yjs';

/**
 * What a room needs in memory to answer a batched sync without reading its updates: its state
 * vector, deletions and record count, plus stored bytes and update count (the size limit and the
 * compaction trigger). Kept in storage beside the room with the room's stamp
 * (`Storage.roomStamp`) at the moment its updates were read: trusted only while the stamp is
 * unchanged, so an append by any relay (Redis) or a restore makes it recomputed, never served stale.
 */
export type RoomSummary = { sv: StateVector; deletions: Uint8Array; records: number; storedBytes: number; storedUpdates: number };

/**
 * Version of the stored JSON: another version is ignored (recomputed), never misread. 2: a refused
 * creation's placeholder is no record (`createdRecords`); a 1 may count them in `records`.
 */
export const SUMMARY_VERSION = 2;

type StoredSummary = { v: number; stamp: string; sv: string; deletions: string; records: number; bytes: number; updates: number };

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

export function encodeSummary(stamp: string, s: RoomSummary): string {
  const stored: StoredSummary = { v: SUMMARY_VERSION, stamp, sv: toBase64(encodeStateVector(s.sv)), deletions: toBase64(s.deletions), records: s.records, bytes: s.storedBytes, updates: s.storedUpdates };
  return JSON.stringify(stored);
}

/** The summary if it is of this version, well formed and taken at `stamp`; undefined otherwise. */
export function decodeSummary(text: string | undefined, stamp: string): RoomSummary | undefined {
  if (text === undefined) return undefined;
  try {
    const s = JSON.parse(text) as StoredSummary;
    if (s?.v !== SUMMARY_VERSION || s.stamp !== stamp) return undefined;
    const numbers = [s.records, s.bytes, s.updates];
    if (!numbers.every((n) => Number.isSafeInteger(n) && n >= 0) || typeof s.sv !== 'string' || typeof s.deletions !== 'string') return undefined;
    const deletions = fromBase64(s.deletions);
    Y.decodeUpdate(deletions); // throws when it is not an update
    return { sv: decodeStateVectorOrThrow(fromBase64(s.sv)), deletions, records: s.records, storedBytes: s.bytes, storedUpdates: s.updates };
  } catch {
    return undefined;
  }
}

/** A room's summary from its stored updates (one decoding pass). */
export function summaryOf(updates: Uint8Array[]): RoomSummary {
  const merged = updates.length === 0 ? null : updates.length === 1 ? updates[0] : Y.mergeUpdates(updates);
  const s = merged ? summarize(merged) : { sv: new Map() as StateVector, deletions: Y.mergeUpdates([]), records: 0 };
  return { ...s, storedBytes: updates.reduce((sum, u) => sum + u.length, 0), storedUpdates: updates.length };
}

/** The kept summary while its stamp matches (nothing read otherwise). */
export async function keptSummary(storage: Storage, room: string): Promise<RoomSummary | undefined> {
  const [stamp, text] = await Promise.all([storage.roomStamp(room), storage.getRoomSummary(room)]);
  return decodeSummary(text, stamp);
}

/**
 * The room's summary: the kept one when its stamp still matches, else computed from the stored
 * updates and kept for the next load. The stamp is read BEFORE the updates: an append landing in
 * between leaves a summary that includes it under an older stamp (recomputed next time), never
 * one that lacks it under the newer stamp.
 */
export async function loadSummary(storage: Storage, room: string, readStored: () => Promise<Uint8Array[]>): Promise<{ summary: RoomSummary; kept: boolean; save?: Promise<void> }> {
  const [stamp, text] = await Promise.all([storage.roomStamp(room), storage.getRoomSummary(room)]);
  const kept = decodeSummary(text, stamp);
  if (kept) return { summary: kept, kept: true };
  const summary = summaryOf(await readStored());
  const save = storage.setRoomSummary(room, encodeSummary(stamp, summary));
  return { summary, kept: false, save };
}
