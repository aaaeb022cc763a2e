import * as decoding from 'lib0/decoding';

/**
 * The root maps of a doc as one update leaves an EMPTY doc, read from the update's structs
 * without building a Y.Doc: how a joining teammate's shards are listed (src/store/shards.ts,
 * `applyRemote`). Building the doc (Yjs's integrate, its type maps and events) and reading it
 * back key by key was most of a join's CPU, and its objects most of the join's garbage.
 *
 * Only the shape our record shards have is read: every struct an Item whose content is JSON
 * (`ContentAny`) or deleted, every Item a root map's entry (no nested types, no sequences), each
 * client's structs from clock 0 with no gap (nothing held back as pending). Anything else gives
 * `null` and the caller builds the doc as before. So this reads exactly what Yjs would
 * (update-maps.property.test.ts compares both on random concurrent histories):
 *
 * - A map entry's items form a tree by `origin` (a write's origin is the entry's current item
 *   where it was written; a map write has no right origin). Yjs orders siblings by client id,
 *   lower first, each followed by its own subtree; the entry's value is the LAST item of that
 *   order: from the root, the child of the highest client, again and again.
 * - Overwritten items may still look alive in an update (a relay merges what each writer sent,
 *   and a writer never sends the deletion its doc made when a concurrent write won): the order
 *   decides, not the delete set alone. The winner's value counts unless it is deleted.
 */
export type MapEntries = {
  get(key: string): unknown;
  /** The maps' reader (src/layout/shared-sources.ts resolves a record's shared source through it). */
  readonly doc: UpdateMaps;
};

export type UpdateMaps = {
  getMap(name: string): MapEntries;
  /** Every key written in a root map, its value now or deleted (`undefined` from `get`). */
  keysOf(name: string): Iterable<string>;
};

type ElementId = { client: number; clock: number };
type Element = {
  client: number;
  /** The element this one was written after (same entry); null for the entry's first writes. */
  origin: ElementId | null;
  /** Set on an entry's first writes only: the root map and key (others inherit their origin's). */
  root: string | null;
  key: string | null;
  value: unknown;
  deleted: boolean;
  children?: Element[];
};

export type UpdateRead = {
  maps: UpdateMaps;
  /** Each client's clock past its last struct: the doc's state vector once applied. */
  ends: Map<number, number>;
  /**
   * Some entry holds concurrent writes: applying the update, Yjs drops all but one (the
   * losers' values are what src/store/conflicts.ts keeps for the team to see).
   */
  concurrent: boolean;
};

const NOTHING = new Map<string, unknown>();

/** The root maps' entries of an update applied to an empty doc; null when it is not a plain map update (see above). */
export function readUpdateMaps(update: Uint8Array): UpdateRead | null {
  let byClient: Map<number, Element[]> | null;
  try {
    byClient = readElements(decoding.createDecoder(update));
  } catch {
    return null; // malformed: Yjs's own apply says so, as for any update
  }
  if (!byClient) return null;
  const elements = byClient;
  const elementAt = (id: ElementId) => elements.get(id.client)?.[id.clock];
  // Each element under its origin: an entry's writes form a tree from its first writes.
  const firsts: Element[] = [];
  let concurrent = false;
  for (const list of byClient.values()) {
    for (const element of list) {
      if (!element.origin) { firsts.push(element); continue; }
      const parent = elementAt(element.origin);
      if (!parent) return null; // an origin not in the update: not self-contained
      if (parent.children) { parent.children.push(element); concurrent = true; } else parent.children = [element];
    }
  }
  const maps = new Map<string, Map<string, unknown>>();
  const written = new Map<string, Set<string>>();
  const roots = new Map<string, Element[]>(); // `<root>\u0000<key>` → the entry's first writes
  for (const first of firsts) {
    const id = `${first.root}\u0000${first.key}`;
    const list = roots.get(id);
    if (list) { list.push(first); concurrent = true; } else roots.set(id, [first]);
  }
  for (const list of roots.values()) {
    let winner = highestClient(list);
    if (!winner) return null;
    while (winner.children) {
      const next = highestClient(winner.children);
      if (!next) return null;
      winner = next;
    }
    const root = list[0].root!;
    const key = list[0].key!;
    let keys = written.get(root);
    if (!keys) written.set(root, (keys = new Set()));
    keys.add(key);
    if (winner.deleted) continue;
    let entries = maps.get(root);
    if (!entries) maps.set(root, (entries = new Map()));
    entries.set(key, winner.value);
  }
  const reader: UpdateMaps = {
    getMap: (name) => ({ get: (key) => (maps.get(name) ?? NOTHING).get(key), doc: reader }),
    keysOf: (name) => written.get(name) ?? [],
  };
  return { maps: reader, ends: new Map([...byClient].map(([client, list]) => [client, list.length])), concurrent };
}

/** The element of the highest client; undefined when two share it (one client never writes twice after the same item). */
function highestClient(list: Element[]): Element | undefined {
  let best = list[0];
  let tie = false;
  for (let i = 1; i < list.length; i++) {
    const e = list[i];
    if (e.client > best.client) { best = e; tie = false; } else if (e.client === best.client) tie = true;
  }
  return tie ? undefined : best;
}

// Yjs's update format (v1, as y-protocols sync sends it): the bits of a struct's info byte.
const ORIGIN = 0x80;
const RIGHT_ORIGIN = 0x40;
const PARENT_SUB = 0x20;
const CONTENT = 0x1f;
const CONTENT_DELETED = 1;
const CONTENT_ANY = 8;
const SKIP = 10;

/**
 * Each client's elements (one per clock) and the delete set applied, read straight from the
 * update's bytes (Yjs's `decodeUpdate` makes an Item, two IDs and a content object per struct
 * first: a fifth of a join's CPU). Null when a struct is not a root map entry written as JSON.
 */
function readElements(d: decoding.Decoder): Map<number, Element[]> | null {
  const byClient = new Map<number, Element[]>();
  const clients = decoding.readVarUint(d);
  for (let c = 0; c < clients; c++) {
    const structs = decoding.readVarUint(d);
    const client = decoding.readVarUint(d);
    let clock = decoding.readVarUint(d);
    let list = byClient.get(client);
    if (!list) byClient.set(client, (list = []));
    for (let s = 0; s < structs; s++) {
      if (list.length !== clock) return null; // a gap: Yjs would hold it back
      const info = decoding.readUint8(d);
      const ref = info & CONTENT;
      // GC (0) and Skip (10) structs, sequences (a right origin) and every content but JSON: declined.
      if (ref === 0 || info === SKIP || info & RIGHT_ORIGIN || (ref !== CONTENT_DELETED && ref !== CONTENT_ANY)) return null;
      let origin: ElementId | null = null;
      let root: string | null = null;
      let key: string | null = null;
      if (info & ORIGIN) origin = { client: decoding.readVarUint(d), clock: decoding.readVarUint(d) };
      else {
        if (decoding.readVarUint(d) !== 1) return null; // a nested type's entry (its parent is an item)
        root = decoding.readVarString(d);
        if (!(info & PARENT_SUB)) return null; // a root sequence
        key = decoding.readVarString(d);
      }
      const length = decoding.readVarUint(d);
      if (length === 0) return null;
      for (let i = 0; i < length; i++) {
        const deleted = ref === CONTENT_DELETED;
        list.push({ client, origin: i === 0 ? origin : { client, clock: clock + i - 1 }, root: i === 0 ? root : null, key: i === 0 ? key : null, value: deleted ? undefined : decoding.readAny(d), deleted });
      }
      clock += length;
    }
  }
  const deleteClients = decoding.readVarUint(d);
  for (let c = 0; c < deleteClients; c++) {
    const client = decoding.readVarUint(d);
    const ranges = decoding.readVarUint(d);
    const list = byClient.get(client);
    for (let r = 0; r < ranges; r++) {
      const clock = decoding.readVarUint(d);
      const len = decoding.readVarUint(d);
      // Deletions of structs not here: Yjs keeps them pending, they delete nothing yet.
      if (list) for (let k = clock; k < clock + len && k < list.length; k++) list[k].deleted = true;
    }
  }
  return byClient;
}
