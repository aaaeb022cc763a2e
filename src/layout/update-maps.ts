import * as Y from 'yjs';

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

type Element = {
  client: number;
  /** The element this one was written after (same entry); null for the entry's first writes. */
  origin: Y.ID | null;
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
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return null; // malformed: Yjs's own apply says so, as for any update
  }
  const byClient = new Map<number, Element[]>();
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item) || struct.rightOrigin !== null) return null;
    const client = struct.id.client;
    let list = byClient.get(client);
    if (!list) byClient.set(client, (list = []));
    if (list.length !== struct.id.clock) return null; // a gap: Yjs would hold it back
    const content = struct.content;
    const values = content instanceof Y.ContentAny ? content.arr : content instanceof Y.ContentDeleted ? null : undefined;
    if (values === undefined) return null;
    if (struct.origin === null && (typeof struct.parent !== 'string' || typeof struct.parentSub !== 'string')) return null;
    for (let i = 0; i < struct.length; i++) {
      const first = i === 0 && struct.origin === null;
      list.push({
        client,
        origin: i === 0 ? struct.origin : Y.createID(client, struct.id.clock + i - 1),
        root: first ? (struct.parent as unknown as string) : null,
        key: first ? struct.parentSub : null,
        value: values ? values[i] : undefined,
        deleted: values === null,
      });
    }
  }
  for (const [client, ranges] of decoded.ds.clients) {
    const list = byClient.get(client);
    if (!list) continue; // deletions of structs not here: Yjs keeps them pending, they delete nothing yet
    for (const { clock, len } of ranges) for (let c = clock; c < clock + len && c < list.length; c++) list[c].deleted = true;
  }
  const elementAt = (id: Y.ID) => byClient.get(id.client)?.[id.clock];
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
