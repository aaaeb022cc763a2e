import { CloseCode, OUTPOST_MIN_CLIENT_VERSION, UPDATE_OUTPOST_REASON, parseSocketTarget } from '../protocol.ts';
import { parseDocKey, type DocKey } from '../../src/domain/routing.ts';

export type ResolvedTarget =
  | { ok: true; workspaceId: string; doc: DocKey | undefined; outpost: boolean; version: number }
  | { ok: false; code: number; reason: string; metric: string };

/**
 * Which room(s) an upgrade request opens, decided before any byte of a document is sent:
 * `/<ws>?outpost=2` the multiplexed socket, `/<ws>/<docKey>` one room (stock y-websocket, or an
 * Outpost client with acks). An Outpost client of an older protocol gets a final "update Outpost",
 * never a room it would write in the old layout; a stock client naming no doc key gets "unknown".
 */
export function resolveSocketTarget(url: URL): ResolvedTarget {
  const target = parseSocketTarget(url);
  const unknown = { ok: false as const, code: CloseCode.notFound, reason: 'Unknown document: expected /<workspace>/<config|records/N|activities/N>.', metric: 'not-found' };
  if (!target) return unknown;
  if (target.version > 0 && target.version < OUTPOST_MIN_CLIENT_VERSION) return { ok: false, code: CloseCode.updateOutpost, reason: UPDATE_OUTPOST_REASON, metric: 'old-client' };
  const outpost = target.version >= OUTPOST_MIN_CLIENT_VERSION;
  const { version } = target;
  if (target.doc === undefined) return outpost ? { ok: true, workspaceId: target.workspaceId, doc: undefined, outpost, version } : unknown;
  const doc = parseDocKey(target.doc);
  return doc ? { ok: true, workspaceId: target.workspaceId, doc, outpost, version } : unknown;
}
