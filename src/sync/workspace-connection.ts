import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import {
  CONTROL_ROOM,
  decodeControlMessage,
  decodeMessage,
  decodeMuxFrame,
  encodeAwarenessMessage,
  encodeMuxFrame,
  encodeSyncAll,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  legacyRoom,
  parseRoomKey,
  socketRequest,
  SyncStep,
  type LegacyDocName,
  type Message,
  type RoomKey,
  type SyncBatch,
} from '../../sync-server/protocol.ts';
import { allDocKeys, type DocKey } from '../domain/routing.ts';
import { Role } from '../domain/config.ts';
import { createAckTracker, type AckTracker } from './ack-tracker.ts';
import { splitUpdate } from './split-update.ts';
import { createObservable, type Observable } from './observable.ts';
import { initialRelayStatus, type RelayStatus } from './relay-status.ts';
import type { ShardSyncStore } from './shard-sync-store.ts';

export type WorkspaceConnectionOptions = {
  /** ws:// or wss:// address of the relay; several relays of one deployment are tried in turn. */
  url: string | string[];
  workspaceId: string;
  token: string;
  store: ShardSyncStore;
  /** The docs to sync; every doc of the workspace by default (the fan-out is fixed). */
  docKeys?: DocKey[];
  /** Presence, published on the `config` room. One is made (and renewed) when none is given. */
  awareness?: awarenessProtocol.Awareness;
  /** `ws` in Node; the browser's WebSocket by default. */
  WebSocketPolyfill?: typeof WebSocket;
  connect?: boolean;
  maxBackoffTime?: number;
};

/**
 * How far the current sync has come: docs, and records when the relay states them (a batched
 * sync: "Syncing 12,400 of 20,000 records"; `recordsTotal` 0 when it does not).
 */
export type SyncProgress = { docsSynced: number; docsTotal: number; recordsSynced: number; recordsTotal: number };
/** The status of one workspace's link to the relay, with how far the current sync has come. */
export type WorkspaceStatus = RelayStatus & { progress: SyncProgress };

/** Where the connection stands with one room on the current socket. */
type RoomState = {
  acks: AckTracker;
  /** The relay's step 2 for this socket has been stored. */
  synced: boolean;
  /** Our step 2 went out on this socket: later local updates go live, not into a diff. */
  live: boolean;
  /** Local updates made while our step 2 was being computed: sent right after it. */
  held: Uint8Array[];
  /** Local updates of this tick, sent as one merged frame (an import makes thousands). */
  outbox: Uint8Array[];
  /** Remote messages of this room are stored one after the other. */
  queue: Promise<void>;
  /** The relay acked a full step 2 of this doc in this session: it has everything stored here before. */
  baselineSaved: boolean;
  /** Write frame number of this socket's full step 2, until acked. */
  baselineFrame: number | null;
  /** Our state vector as sent in this socket's step 1. */
  sent: Uint8Array | null;
  /** Digest of the room's deletions as the relay last sent them (batched sync): not sent again while unchanged. */
  deletions: number;
  /** Clocks the relay is known to hold (its vectors, what it sent us, our acked writes): kept by the store for the next session. */
  relayVector: Map<number, number>;
  /** Our writes on this socket not yet acked: frame number and the clocks each carries. */
  inflight: Array<{ frame: number; to: Map<number, number> }>;
  /** `relayVector` changed since the store last kept it. */
  unnoted: boolean;
  /**
   * Why this room's writes stopped going out (the relay closed on them, 1009, even in the
   * smallest pieces): they stay on this device, the status says so, and nothing is resent.
   */
  blocked: string | null;
  /** The store is keeping this room's refused changes and forgetting its local state (`retakeRoom`): nothing is sent meanwhile. */
  retaking: boolean;
  /** The socket on which this room's state was last asked for again after a retake (a relay answers a room's whole state twice per socket at most). */
  retakenOn: WebSocket | null;
};

/**
 * The start of one socket's sync: the relay's `hello` (it speaks batched sync) and our vectors
 * (read from the store) may come in either order; once both are there, one `syncAll` goes out.
 * Without a `hello` in time (a version-2 relay), a step 1 per room, as before.
 */
type Handshake = {
  socket: WebSocket;
  hello: boolean;
  vectors: Uint8Array[] | null;
  timer?: ReturnType<typeof setTimeout>;
  /** A `syncAll` went out: the relay answers in batches, and a room it does not name is in step. */
  batched: boolean;
  recordsTotal: number;
  recordsSynced: number;
  /** Docs the relay's batches named so far. */
  named: Set<DocKey>;
  /** Settles once every entry of the frames received so far is stored. */
  stored: Promise<unknown>;
  /** Slices begun so far (each may be twice the one before: `joinSliceBytes`). */
  slices: number;
};

/**
 * A join stores the relay's batches in slices of updates, one after the other. The first is about
 * JOIN_SLICE_BYTES: small enough that the first page of a list is stored and projected within a
 * few hundred records. Each next one may be twice the one before, up to JOIN_SLICE_MAX_BYTES:
 * every slice costs a store transaction and a read-model transaction (commits that dominated a
 * join once the read model staged its rows), so a 20k-record join is ~20 slices, not ~200. (A
 * slice never spans two of the relay's frames, which it cuts at 256 KB.)
 */
export const JOIN_SLICE_BYTES = 32 * 1024;
export const JOIN_SLICE_MAX_BYTES = 256 * 1024;
const joinSliceBytes = (n: number) => Math.min(JOIN_SLICE_BYTES * 2 ** Math.min(n, 16), JOIN_SLICE_MAX_BYTES);

/** How long a client waits for the relay's `hello` before syncing room by room (an older relay sends none). */
export const HELLO_WAIT_MS = 1500;

type LegacyPush = { update: Uint8Array; frame: number | null; resolve(): void; reject(e: Error): void };

/**
 * Entries (structs, client entries, deleted ranges) past which a write goes out in pieces
 * (`splitUpdate`): a tenth of the relay's default `--max-update-structs` (200,000), past which it
 * closes the socket (1009). A shard's whole state holds a few thousand: only a long offline
 * session's diff or a large import ever splits.
 */
export const WRITE_SPLIT_ENTRIES = 20_000;
/** The smallest pieces tried after 1009s from a relay configured lower; past that the room's writes stop. */
export const MIN_SPLIT_ENTRIES = 200;
/** The relay closed on a frame too large for it (too many structs, or past its frame size). */
const TOO_BIG = 1009;

/** Our own close when the store failed: transient (3000–3999 is for applications). */
const STORE_FAILED = 3999;

/** Our own close to sync a room again whose state was already asked for on this socket (transient). */
const RESYNC = 3998;
/** Refusals for who writes, not what: every later write of the room would be refused too. */
const ROLE_REFUSALS: ReadonlySet<string> = new Set(['read-only', 'admin-only']);
const EMPTY_VECTOR = Y.encodeStateVector(new Map());

/** A refusal closes with 44xx: the relay decided, reconnecting cannot help. */
const isFinal = (code: number) => code >= 4400 && code < 4500;

/**
 * The Outpost client's one socket per workspace: every shard room multiplexed over it (each frame
 * names its room, `sync-server/protocol.ts`). On each (re)connect it sends, per doc, a sync step 1
 * with the state vector of the stored updates, so the relay answers only what this replica lacks
 * and a reconnect after a day offline costs what changed. Acks ("N changes not yet saved"),
 * write refusals and final refusals are tracked per room and summed in `status`.
 * State lives here; framing and the messages are the shared protocol module's.
 */
export class WorkspaceConnection {
  readonly status: Observable<WorkspaceStatus>;
  /** Resolves once every doc has completed a sync with the relay. */
  readonly whenSynced: Promise<void>;
  readonly awareness: awarenessProtocol.Awareness;
  /** Bytes over the wire since this connection was made (both directions, frames only). */
  readonly bytes = { sent: 0, received: 0 };
  /**
   * When (epoch ms) the first sync of this connection reached each step: `open`, `hello`,
   * `syncAll` sent, `firstBatch` received, `firstStored` (its first doc stored), `synced`.
   * Each is set once: a trace of a join for benchmarks and diagnostics.
   */
  readonly marks: Partial<Record<'open' | 'hello' | 'syncAll' | 'firstBatch' | 'firstStored' | 'synced', number>> = {};
  private readonly docKeys: DocKey[];
  private readonly rooms = new Map<RoomKey, RoomState>();
  private readonly legacy = new Map<LegacyDocName, LegacyPush>();
  private readonly state = createObservable<WorkspaceStatus>({ ...initialRelayStatus, progress: { docsSynced: 0, docsTotal: 0, recordsSynced: 0, recordsTotal: 0 } });
  private handshake: Handshake | null = null;
  /** Docs of `docKeys` synced on the current socket (the rooms' `synced`, counted). */
  private syncedDocs = 0;
  private readonly disposers: Array<() => void> = [];
  private readonly urls: string[];
  private readonly WS: typeof WebSocket;
  private socket: WebSocket | null = null;
  private urlIndex = 0;
  private token: string;
  private wanted = false;
  private attempts = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private ownAwareness = false;
  /**
   * The current socket's sync has started (its step 1s or `syncAll` are sent): presence may go.
   * The relay takes presence only on a room the socket has synced; sent earlier (while the docs'
   * vectors are read) it is refused, and `afterSyncStarted` sends the whole local state anyway.
   */
  private presenceOpen = false;
  private resolveSynced!: () => void;
  /** Docs the store says the relay held whole at the end of an earlier session (read once). */
  private held: Promise<Map<DocKey, { deletions: number }>> | null = null;
  private readonly docSynced = new Map<DocKey, { promise: Promise<void>; resolve(): void }>();
  /** Entries per write frame (`WRITE_SPLIT_ENTRIES`), lowered after each 1009. */
  private splitAt = WRITE_SPLIT_ENTRIES;

  constructor(private readonly options: WorkspaceConnectionOptions) {
    this.status = { get: this.state.get, subscribe: this.state.subscribe };
    this.docKeys = options.docKeys ?? allDocKeys();
    this.urls = Array.isArray(options.url) ? options.url : [options.url];
    this.token = options.token;
    this.WS = options.WebSocketPolyfill ?? globalThis.WebSocket;
    for (const key of this.docKeys) this.rooms.set(key, newRoom());
    this.whenSynced = new Promise((resolve) => (this.resolveSynced = resolve));
    this.awareness = options.awareness ?? this.makeAwareness();
    this.disposers.push(options.store.onLocalUpdate((docKey, update) => this.onLocalUpdate(docKey, update)));
    const onAwareness = ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
      if (origin === this || !this.presenceOpen) return;
      this.send('config', encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, added.concat(updated, removed))));
    };
    this.awareness.on('update', onAwareness);
    this.disposers.push(() => this.awareness.off('update', onAwareness));
    this.update({ progress: this.progress() });
    if (options.connect ?? true) this.connect();
  }

  /** Resolves once one doc has completed a sync (`config` first, say, before showing settings). */
  whenDocSynced(docKey: DocKey): Promise<void> {
    let entry = this.docSynced.get(docKey);
    if (!entry) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.docSynced.set(docKey, (entry = { promise, resolve }));
      if (this.rooms.get(docKey)?.synced) resolve();
    }
    return entry.promise;
  }

  connect() {
    this.wanted = true;
    this.update({ refusal: null });
    if (!this.socket) this.open();
  }

  disconnect() {
    this.wanted = false;
    clearTimeout(this.retry);
    this.socket?.close(1000);
  }

  /** A new token (after a refusal, say): used from the next connection on. */
  setToken(token: string) {
    this.token = token;
  }

  /**
   * Hands the relay an old-layout doc (`records` or `activities` of version 1) held by this
   * replica, whole (`Y.encodeStateAsUpdate`). The relay merges it into the old room and writes
   * the keys it changes into their shards. Resolves once the relay has it on disk (sent again
   * after a reconnect until then); rejects when the relay refuses it (a viewer's doc, say).
   */
  pushLegacy(name: LegacyDocName, update: Uint8Array): Promise<void> {
    this.legacy.get(name)?.reject(new Error('replaced by a newer push'));
    return new Promise<void>((resolve, reject) => {
      const push: LegacyPush = {
        update,
        frame: null,
        resolve: () => (this.legacy.delete(name), resolve()),
        reject: (e) => (this.legacy.delete(name), reject(e)),
      };
      this.legacy.set(name, push);
      if (this.isOpen()) this.sendLegacy(name, push);
    });
  }

  destroy() {
    this.wanted = false;
    clearTimeout(this.retry);
    this.disposers.splice(0).forEach((d) => d());
    const socket = this.socket;
    this.socket = null;
    if (socket) detach(socket), socket.close(1000);
    if (this.ownAwareness) this.awareness.destroy();
    for (const push of this.legacy.values()) push.reject(new Error('connection closed'));
    this.state.clear();
  }

  private makeAwareness() {
    this.ownAwareness = true;
    // An empty state that y-protocols renews every 15 s: it keeps an idle socket alive at the relay.
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    awareness.setLocalState({});
    this.disposers.push(() => awareness.doc.destroy());
    return awareness;
  }

  private isOpen() {
    return this.socket?.readyState === 1;
  }

  private open() {
    const { url, protocols } = socketRequest(this.urls[this.urlIndex], this.options.workspaceId, this.token);
    const socket = new this.WS(url, protocols);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    this.handshake = newHandshake(socket);
    this.update({ connection: 'connecting' });
    socket.onopen = () => void this.onOpen(socket);
    socket.onmessage = (event: MessageEvent) => this.onFrame(new Uint8Array(event.data as ArrayBuffer));
    socket.onerror = () => {};
    socket.onclose = (event: CloseEvent) => this.onClose(socket, event);
  }

  private async onOpen(socket: WebSocket) {
    this.mark('open');
    this.attempts = 0;
    this.presenceOpen = false;
    for (const room of this.rooms.values()) Object.assign(room, { synced: false, live: false, held: [], baselineFrame: null, sent: null, inflight: [] }), room.acks.newConnection();
    this.syncedDocs = 0;
    const handshake = this.handshake!;
    this.update({ connection: 'connected', synced: false, lastClose: null, progress: this.progress() });
    const none = new Map<DocKey, { deletions: number }>();
    this.held ??= this.options.store.relayHolds?.().catch(() => none) ?? Promise.resolve(none);
    const [vectors, held] = await Promise.all([Promise.all(this.docKeys.map((key) => this.options.store.stateVector(key))), this.held]);
    if (this.socket !== socket) return;
    // Docs the relay held whole when the last session ended, unchanged since: not diffed again,
    // and the deletions we hold of them are not sent again.
    for (const [key, { deletions }] of held) {
      const room = this.rooms.get(key);
      if (room && room.acks.unsaved === 0) room.baselineSaved = true;
      if (room && !room.deletions) room.deletions = deletions;
    }
    handshake.vectors = vectors;
    this.docKeys.forEach((key, i) => (this.rooms.get(key)!.sent = vectors[i]));
    if (handshake.hello) this.sendSyncAll(handshake);
    else handshake.timer = setTimeout(() => this.socket === socket && !handshake.hello && this.sendStep1s(), HELLO_WAIT_MS);
  }

  /** After the sync's first message: our presence and any legacy push (before it, they would open rooms room by room). */
  private afterSyncStarted() {
    this.presenceOpen = true;
    const local = this.awareness.getLocalState();
    if (local !== null) this.send('config', encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.awareness.clientID])));
    for (const [name, push] of this.legacy) this.sendLegacy(name, push);
  }

  /** Version-2 sync: a step 1 per doc; the relay answers each with a step 2 and its own step 1. */
  private sendStep1s() {
    this.docKeys.forEach((key) => this.send(key, encodeSyncStep1(this.rooms.get(key)!.sent!)));
    this.afterSyncStarted();
  }

  /**
   * Version-3 sync: every doc's vector in one frame. A doc with unsaved changes (or, on the first
   * connection of a session, any content: it may hold changes from before) asks for the relay's
   * vector, to answer with what the relay lacks; an empty doc has nothing to send.
   */
  private sendSyncAll(handshake: Handshake) {
    if (handshake.batched) return;
    handshake.batched = true;
    this.mark('syncAll');
    clearTimeout(handshake.timer);
    const entries = this.docKeys.map((doc, i) => {
      const room = this.rooms.get(doc)!;
      const stateVector = handshake.vectors![i];
      const empty = Y.decodeStateVector(stateVector).size === 0;
      if (empty && room.acks.unsaved === 0) room.baselineSaved = true;
      return { doc, stateVector, deletions: room.deletions, wantVector: !room.blocked && !empty && (!room.baselineSaved || room.acks.unsaved > 0) };
    });
    this.send(CONTROL_ROOM, encodeSyncAll(entries));
    this.afterSyncStarted();
  }

  private onControl(message: Uint8Array) {
    const handshake = this.handshake;
    if (!handshake || handshake.socket !== this.socket) return;
    let decoded: ReturnType<typeof decodeControlMessage>;
    try {
      decoded = decodeControlMessage(message);
    } catch {
      return; // a control message this version cannot read: the relay is newer; ignore it
    }
    if (decoded.kind === 'hello') {
      const role = Role.safeParse(decoded.role);
      if (role.success) this.update({ role: role.data });
      if (handshake.hello || decoded.version < 3) return;
      handshake.hello = true;
      this.mark('hello');
      if (handshake.vectors) this.sendSyncAll(handshake);
    } else if (decoded.kind === 'syncBatch' && handshake.batched) this.onBatch(handshake, decoded.batch);
  }

  /**
   * One frame of the relay's answer to our `syncAll`: per named doc, what we lack (stored, then
   * counted as synced records), the relay's vector when it lacks something of ours (answered
   * with a step 2, as a step 1 would be), its deletions' digest. On the last frame, every doc it
   * did not name is in step.
   */
  private onBatch(handshake: Handshake, batch: SyncBatch) {
    const socket = handshake.socket;
    this.mark('firstBatch');
    if (batch.totalRecords >= 0) handshake.recordsTotal = batch.totalRecords;
    // Docs are stored in slices (joinSliceBytes: one store transaction each), each after the
    // previous slice is stored (and, with the engine, projected): a join shows the first page of
    // each list once the first slice is in, instead of every doc contending at once.
    let previous = handshake.stored;
    let slice: Promise<void>[] = [];
    let sliceBytes = 0;
    for (const entry of batch.entries) {
      if (sliceBytes >= joinSliceBytes(handshake.slices)) (previous = Promise.allSettled(slice)), (slice = []), (sliceBytes = 0), handshake.slices++;
      sliceBytes += entry.update.length;
      const before = previous;
      const room = this.rooms.get(entry.doc);
      if (!room) continue;
      handshake.named.add(entry.doc);
      if (room.deletions !== entry.deletions) (room.deletions = entry.deletions), (room.unnoted = true);
      if (entry.answer) this.onSync(entry.doc, room, SyncStep.step1, entry.stateVector);
      else this.goLive(entry.doc, room);
      const { update } = entry;
      // The diff was made against the vector we sent: once stored, we have at least both.
      const after = entry.stateVector.length && room.sent ? unionVector(room.sent, entry.stateVector) : undefined;
      const sent = room.sent;
      room.queue = room.queue.then(async () => {
        await before;
        if (update.length) {
          await this.options.store.applyRemote(entry.doc, update, after);
          this.mark('firstStored');
        }
        if (this.socket !== socket) return;
        // The relay holds its vector; and ours too when it did not ask for what it lacks.
        if (entry.stateVector.length) this.relayHolds(room, Y.decodeStateVector(entry.stateVector));
        if (!entry.answer && sent) this.relayHolds(room, Y.decodeStateVector(sent));
        handshake.recordsSynced += entry.records;
        this.markSynced(entry.doc, room);
      });
      slice.push(room.queue);
      this.onStoreFailure(room, socket);
    }
    handshake.stored = slice.length ? Promise.allSettled(slice) : previous;
    if (!batch.last) return this.update({ progress: this.progress() });
    for (const key of this.docKeys) {
      const room = this.rooms.get(key)!;
      if (handshake.named.has(key) || room.synced) continue;
      // Not named: the relay has all of ours and we have all of its.
      if (!room.live) this.goLive(key, room);
      const sent = room.sent;
      room.queue = room.queue.then(() => {
        if (this.socket !== socket) return;
        if (sent) this.relayHolds(room, Y.decodeStateVector(sent));
        this.markSynced(key, room);
      });
    }
  }

  /** Later local updates of a room go out live; those held meanwhile go now. */
  private goLive(docKey: DocKey, room: RoomState) {
    room.queue = room.queue.then(() => {
      room.live = true;
      for (const held of room.held.splice(0)) this.sendUpdate(docKey, room, held);
    });
  }

  private markSynced(docKey: DocKey, room: RoomState) {
    if (room.synced) return;
    room.synced = true;
    this.syncedDocs++;
    this.docSynced.get(docKey)?.resolve();
    this.afterSyncStep();
    this.noteHolds(docKey, room);
  }

  /** Clocks the relay is known to hold now. */
  private relayHolds(room: RoomState, clocks: Map<number, number>) {
    for (const [client, clock] of clocks) if (clock > (room.relayVector.get(client) ?? 0)) room.relayVector.set(client, clock), (room.unnoted = true);
  }

  /**
   * Once the relay holds every local change of a synced doc (the session's full step 2 acked, or
   * nothing to send, and no write unacked), the store keeps that for the next session's first
   * sync, which then skips the doc unless something was stored since (`relay-marks.ts`).
   */
  private noteHolds(docKey: DocKey, room: RoomState) {
    if (!room.unnoted || !room.synced || !room.baselineSaved || room.acks.unsaved > 0 || !this.options.store.noteRelayHolds) return;
    room.unnoted = false;
    this.options.store.noteRelayHolds(docKey, Y.encodeStateVector(room.relayVector), room.deletions);
  }

  private onStoreFailure(room: RoomState, socket: WebSocket | null) {
    room.queue = room.queue.catch((error) => {
      // The store could not keep what the relay sent: reconnect, so the next sync asks again.
      console.error('Outpost: storing a relay update failed', error);
      if (this.socket === socket) socket?.close(STORE_FAILED, 'store failed');
    });
  }

  private onClose(socket: WebSocket, event: CloseEvent) {
    if (this.socket !== socket) return;
    detach(socket);
    if (this.handshake?.socket === socket) clearTimeout(this.handshake.timer), (this.handshake = null);
    this.socket = null;
    const others = [...this.awareness.getStates().keys()].filter((c) => c !== this.awareness.clientID);
    awarenessProtocol.removeAwarenessStates(this.awareness, others, this);
    for (const room of this.rooms.values()) Object.assign(room, { synced: false, live: false, held: [] });
    this.syncedDocs = 0;
    if (isFinal(event.code)) {
      this.wanted = false;
      const refusal = { code: event.code, reason: event.reason || 'The relay refused this connection.' };
      this.update({ connection: 'refused', synced: false, refusal, progress: this.progress() });
      for (const push of this.legacy.values()) push.reject(new Error(refusal.reason));
      return;
    }
    const unsent = event.code === TOO_BIG ? this.tooBig(event.reason) : null;
    this.update({ connection: 'disconnected', synced: false, lastClose: event.code === 1000 ? this.state.get().lastClose : { code: event.code, reason: event.reason }, progress: this.progress(), ...(unsent ? { rejectedWrite: unsent } : {}) });
    if (!this.wanted) return;
    // The next attempt goes to the next relay of the list, after a growing pause.
    this.urlIndex = (this.urlIndex + 1) % this.urls.length;
    const delay = Math.min(2 ** this.attempts * 100, this.options.maxBackoffTime ?? 5000);
    this.attempts++;
    this.retry = setTimeout(() => this.wanted && !this.socket && this.open(), delay);
  }

  /**
   * The relay closed on a write too large for it (1009): the same write would go out again at
   * every reconnect. The next connection sends writes in pieces ten times smaller; once they are
   * as small as they go, the room the relay names (or, from a relay that names none, each room
   * with writes unsettled) stops sending: what it holds stays on this device, and the status says so.
   *
   * The block lasts for this connection object, not longer: the next start tries once more (its
   * rounds of 1009s, then blocked again). Deliberate: what refuses it is the relay's limit
   * (`--max-update-structs`, the frame size), never the writer's role, and an operator who
   * raises it, or a move to another relay, is seen only by trying; a restart is rare enough that
   * its three closes cost nothing. The status says that it will be tried again.
   */
  private tooBig(reason: string): RelayStatus['rejectedWrite'] {
    if (this.splitAt > MIN_SPLIT_ENTRIES) {
      this.splitAt = Math.max(MIN_SPLIT_ENTRIES, Math.floor(this.splitAt / 10));
      return null;
    }
    const named = [...this.rooms.keys()].filter((k) => reason.startsWith(`${k}: `));
    const rooms = named.length ? named : [...this.rooms].filter(([k, r]) => !k.startsWith('legacy/') && r.acks.unsaved > 0).map(([k]) => k);
    const message = `This change holds more edits than the relay takes at once; it stays on this device${reason ? ` (${reason})` : ''} and is sent again when Outpost next starts. The relay's operator can raise its limit.`;
    for (const key of rooms) {
      const room = this.rooms.get(key)!;
      room.blocked = message;
      room.acks.giveUp();
    }
    return rooms.length ? { code: 'too-many-changes', message } : null;
  }

  /**
   * The relay refused a write of this doc for the writer's role (a viewer, a member demoted while
   * offline): it will refuse every later one, and what the doc holds past the relay's state would
   * stay shown as if saved. The store keeps those changes where the user sees them and forgets the
   * doc (`ShardSyncStore.retake`); the relay's state is then asked for again (a step 1 holding
   * nothing), and what the screens show is the team's.
   */
  private retakeRoom(docKey: DocKey, room: RoomState, frame: number, reason: string) {
    // The ack that follows settles the refused frame; its clocks are not the relay's.
    room.inflight = room.inflight.filter((w) => w.frame !== frame);
    const store = this.options.store;
    if (room.retaking || !store.retake) return;
    room.retaking = true;
    const socket = this.socket;
    room.queue = room.queue.then(async () => {
      // Read in turn, not at the refusal: the relay's answer to the step 1 of a retake before
      // this one comes before the refusal and is applied first (read at the refusal, the vector
      // was still the empty one of that retake, and the team's values were kept as refused).
      const relayVector = Y.encodeStateVector(room.relayVector);
      const retaken = await store.retake!(docKey, relayVector, reason);
      if (!retaken) return;
      room.acks.giveUp();
      Object.assign(room, { relayVector: new Map(), inflight: [], held: [], outbox: [], sent: EMPTY_VECTOR, baselineSaved: true, baselineFrame: null, unnoted: true });
      this.update({});
      if (this.socket !== socket || !this.isOpen()) return; // the next connection's sync asks for it
      if (room.synced) (room.synced = false), this.syncedDocs--, this.update({ synced: false, progress: this.progress() });
      if (room.retakenOn === socket) return void socket?.close(RESYNC, 'sync a retaken room again');
      room.retakenOn = socket;
      this.send(docKey, encodeSyncStep1(EMPTY_VECTOR));
    }).finally(() => { room.retaking = false; });
    this.onStoreFailure(room, socket);
  }

  private onFrame(frame: Uint8Array) {
    this.bytes.received += frame.length;
    let key: RoomKey | undefined;
    let message: Message;
    try {
      const split = decodeMuxFrame(frame);
      if (split.room === CONTROL_ROOM) return this.onControl(split.message);
      key = parseRoomKey(split.room);
      message = decodeMessage(split.message);
    } catch {
      return; // a frame this version cannot read: the relay is newer; ignore it
    }
    const room = key && this.rooms.get(key);
    if (!key || !room) return;
    switch (message.kind) {
      case 'sync':
        return this.onSync(key, room, message.step, message.payload);
      case 'ack':
        room.acks.ack(message.n);
        if (room.baselineFrame !== null && room.baselineFrame <= message.n) (room.baselineSaved = true), (room.baselineFrame = null);
        while (room.inflight.length && room.inflight[0].frame <= message.n) this.relayHolds(room, room.inflight.shift()!.to);
        this.settleLegacy(key, message.n);
        if (!key.startsWith('legacy/')) this.noteHolds(key as DocKey, room);
        return this.update({});
      case 'refused':
        this.refuseLegacy(key, message.n, message.message);
        if (ROLE_REFUSALS.has(message.code) && !key.startsWith('legacy/')) this.retakeRoom(key as DocKey, room, message.n, message.message);
        return this.update({ rejectedWrite: { code: message.code, message: message.message } });
      case 'awareness':
        if (key === 'config') awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, this);
        return;
      case 'queryAwareness':
        if (key === 'config') this.send('config', encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])));
        return;
    }
  }

  private onSync(key: RoomKey, room: RoomState, step: number, payload: Uint8Array) {
    if (key.startsWith('legacy/')) return;
    const docKey = key as DocKey;
    const socket = this.socket;
    if (step === SyncStep.step1) {
      // The relay's state vector: answer with what it lacks, then go live.
      room.queue = room.queue.then(async () => {
        this.relayHolds(room, Y.decodeStateVector(payload));
        if (room.blocked || nothingToSend(room, payload)) {
          // Everything of ours is saved at the relay already: no need to read the doc for a diff.
          room.live = true;
        } else {
          const diff = await this.options.store.diff(docKey, payload);
          if (this.socket !== socket) return;
          this.sendUpdate(docKey, room, diff, encodeSyncStep2);
          room.baselineFrame = room.acks.framesSent;
          room.live = true;
        }
        for (const held of room.held.splice(0)) this.sendUpdate(docKey, room, held);
      });
      return;
    }
    room.queue = room.queue.then(async () => {
      await this.options.store.applyRemote(docKey, payload);
      // What the relay sent, it holds.
      if (this.options.store.noteRelayHolds) this.relayHolds(room, Y.parseUpdateMeta(payload).to);
      if (step === SyncStep.step2 && this.socket === socket) this.markSynced(docKey, room);
      else if (this.socket === socket) this.noteHolds(docKey, room);
    });
    this.onStoreFailure(room, socket);
  }

  /**
   * A doc completed its sync. The status follows once per turn (a reconnect settles 513 docs in
   * one turn: one status, not 513, each summing every room's unsaved count), and at once when
   * the last doc is in step.
   */
  private afterSyncStep() {
    if (this.syncedDocs < this.docKeys.length) {
      if (!this.stepScheduled) (this.stepScheduled = true), queueMicrotask(() => this.publishSyncStep());
      return;
    }
    this.publishSyncStep();
  }

  private stepScheduled = false;

  private publishSyncStep() {
    this.stepScheduled = false;
    const progress = this.progress();
    const synced = progress.docsSynced === progress.docsTotal;
    this.update({ synced, progress });
    if (synced) this.mark('synced'), this.resolveSynced();
  }

  private mark(step: keyof WorkspaceConnection['marks']) {
    this.marks[step] ??= Date.now();
  }

  private progress(): SyncProgress {
    const docsSynced = this.syncedDocs;
    const h = this.handshake?.socket === this.socket ? this.handshake : null;
    return { docsSynced, docsTotal: this.docKeys.length, recordsSynced: h?.recordsSynced ?? 0, recordsTotal: h?.recordsTotal ?? 0 };
  }

  private onLocalUpdate(docKey: DocKey, update: Uint8Array) {
    const room = this.rooms.get(docKey);
    if (!room || room.blocked) return;
    room.acks.localChange();
    if (room.retaking) return this.update({}); // the doc is being replaced by the relay's: see retakeRoom
    if (room.live && this.isOpen()) this.queueLocal(docKey, room, update);
    else if (this.isOpen()) room.held.push(update);
    // Offline: the step 2 of the next connection carries it.
    this.update({});
  }

  /**
   * Updates of one tick go out as one frame per room (merged): the relay's per-socket message
   * rate then follows the user's pace, not the number of transactions an import makes.
   */
  private queueLocal(docKey: DocKey, room: RoomState, update: Uint8Array) {
    room.outbox.push(update);
    if (room.outbox.length > 1) return;
    const socket = this.socket;
    setTimeout(() => {
      const updates = room.outbox.splice(0);
      // A socket lost meanwhile: the next one's step 2 carries them (they are counted as unsaved).
      if (this.socket !== socket || !updates.length) return;
      const update = updates.length === 1 ? updates[0] : Y.mergeUpdates(updates);
      this.sendUpdate(docKey, room, update);
    }, 0);
  }

  private sendLegacy(name: LegacyDocName, push: LegacyPush) {
    const key = legacyRoom(name);
    let room = this.rooms.get(key);
    if (!room) this.rooms.set(key, (room = newRoom()));
    if (push.frame === null) room.acks.localChange();
    this.sendWrite(key, room, encodeSyncUpdate(push.update));
    push.frame = room.acks.framesSent;
  }

  private settleLegacy(key: RoomKey, n: number) {
    for (const [name, push] of this.legacy) if (legacyRoom(name) === key && push.frame !== null && push.frame <= n) push.resolve();
  }

  private refuseLegacy(key: RoomKey, n: number, reason: string) {
    for (const [name, push] of this.legacy) if (legacyRoom(name) === key && push.frame === n) push.reject(new Error(reason));
  }

  /**
   * One doc's write, in pieces of at most `splitAt` entries (an update of fewer bytes than twice
   * that cannot hold more: each entry takes two bytes or more). A blocked room sends nothing.
   */
  private sendUpdate(key: DocKey, room: RoomState, update: Uint8Array, encode: (u: Uint8Array) => Uint8Array = encodeSyncUpdate) {
    if (room.blocked || room.retaking) return;
    const pieces = update.length > 2 * this.splitAt ? splitUpdate(update, this.splitAt) : [update];
    for (const piece of pieces) this.sendWrite(key, room, encode(piece), piece);
  }

  /** A write the relay acks; `update` (what it carries) tells, once acked, what the relay holds. */
  private sendWrite(key: RoomKey, room: RoomState, message: Uint8Array, update?: Uint8Array) {
    if (!this.isOpen()) return;
    room.acks.writeSent();
    if (update && this.options.store.noteRelayHolds) room.inflight.push({ frame: room.acks.framesSent, to: Y.parseUpdateMeta(update).to });
    this.send(key, message);
  }

  private send(key: RoomKey | typeof CONTROL_ROOM, message: Uint8Array) {
    if (!this.isOpen()) return;
    const frame = encodeMuxFrame(key, message);
    this.bytes.sent += frame.length;
    this.socket!.send(frame);
  }

  /** Merges a change into the status; unsaved changes are summed over every room. */
  private update(patch: Partial<WorkspaceStatus>) {
    const prev = this.state.get();
    let unsaved = 0;
    for (const room of this.rooms.values()) unsaved += room.acks.unsaved;
    const next = { ...prev, ...patch, unsaved };
    const changed = (Object.keys(next) as Array<keyof WorkspaceStatus>).some((k) => (k === 'progress' ? JSON.stringify(next[k]) !== JSON.stringify(prev[k]) : next[k] !== prev[k]));
    if (changed) this.state.set(next);
  }
}

function newRoom(): RoomState {
  return { acks: createAckTracker(), synced: false, live: false, held: [], outbox: [], queue: Promise.resolve(), baselineSaved: false, baselineFrame: null, sent: null, deletions: 0, relayVector: new Map(), inflight: [], unnoted: true, blocked: null, retaking: false, retakenOn: null };
}

function newHandshake(socket: WebSocket): Handshake {
  return { socket, hello: false, vectors: null, batched: false, recordsTotal: 0, recordsSynced: 0, named: new Set(), stored: Promise.resolve(), slices: 0 };
}

/**
 * A reconnect need not diff a doc whose every local change the relay has acked (in this session,
 * after a full step 2) when the relay's state vector covers ours: the relay has all of it. The first
 * connection of a session always sends a full step 2 (the store may hold changes from before).
 */
function nothingToSend(room: RoomState, relayVector: Uint8Array): boolean {
  if (!room.baselineSaved || room.acks.unsaved > 0 || !room.sent) return false;
  const relay = Y.decodeStateVector(relayVector);
  for (const [client, clock] of Y.decodeStateVector(room.sent)) if ((relay.get(client) ?? 0) < clock) return false;
  return true;
}

/** Per client, the larger clock of two state vectors. */
function unionVector(a: Uint8Array, b: Uint8Array): Uint8Array {
  const sv = Y.decodeStateVector(a);
  for (const [client, clock] of Y.decodeStateVector(b)) if (clock > (sv.get(client) ?? 0)) sv.set(client, clock);
  return Y.encodeStateVector(sv);
}

function detach(socket: WebSocket) {
  socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
}
