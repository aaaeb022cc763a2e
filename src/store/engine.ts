import * as Y from 'yjs';
import type { DocKey } from '../domain/routing.ts';
import { ShardNotLoadedError, ShardSet, SHARD_ORIGIN } from './shards.ts';
import { DocStore, docStoreName } from './doc-store.ts';
import { Projector } from './projector.ts';
import { ReadDB, readDbName } from './read-db.ts';
import { Repository, type Actor } from './repository.ts';
import { isSeeded, seedDefaults, upgradeConfig } from './config-store.ts';
import { createSyncStore, type EngineSyncStore } from './sync-store.ts';
import { keptEdits, type KeptEdits } from './kept-edits.ts';
import { RefusedChanges } from './refused.ts';
import { refusedChangesName } from './db-names.ts';
import { storeSink, upgradeLegacyWorkspace, upgradeTeamWorkspace, type LegacyRoom } from './upgrade.ts';
import type { WorkspaceDocs } from './docs.ts';
import { watchConflicts } from './conflicts.ts';
import { liveRecords } from './queries.ts';
import { useFastUpdateStrings } from './update-strings.ts';
import type { Collection } from '../domain/index.ts';

export type EngineOptions = {
  workspaceId: string;
  actor: Actor & { name?: string; email?: string };
  /** false keeps the docs in memory only (tests, the CLI's one-shot imports). */
  persist?: boolean;
  /** Seed default config when the workspace has none yet (ids are fixed: seeding twice merges). */
  seed?: boolean;
  readDbDeps?: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange };
  now?: () => number;
  /** Memory budget of loaded shards in stored bytes (see ShardSet). */
  budgetBytes?: number;
  /**
   * A team workspace: old-layout docs (written before sharding) are kept until the relay has
   * acknowledged their legacy push (`pushLegacy`), then upgraded locally. Absent: local only.
   */
  team?: boolean;
  /**
   * Forget this device's settings (the config doc) before loading: the relay's come by sync. A
   * member rejoining with a copy they kept as a local admin: what they changed meanwhile would be
   * refused (admin-only) and still read as true here (themselves as admin in the members list).
   */
  retakeConfig?: boolean;
  /** How long an edit of a retaken doc waits for the team's state (RETAKE_WAIT_MS; tests shorten it). */
  retakeWaitMs?: number;
};

/** Where old-layout (before sharding) docs of a workspace were stored by y-indexeddb. */
export const docDbName = (workspaceId: string, doc: string) => `outpost:${workspaceId}:${doc}`;

/**
 * One per browser profile (the offscreen document in Chrome, the background page in Firefox):
 * owns the workspace docs (config plus shards loaded on demand), their persistence (one
 * IndexedDB database of updates) and the read model projection. Writes may start at once;
 * `ready` resolves when config is loaded and the read model is in step, which loads no shard
 * when the read model is current.
 */
export class Engine {
  readonly docs: WorkspaceDocs;
  readonly store?: DocStore;
  readonly db: ReadDB;
  readonly repo: Repository;
  readonly projector: Projector;
  readonly syncStore: EngineSyncStore;
  /** Edits of one record that keep what was typed when the relay's refusal took the record away (`kept-edits.ts`). */
  readonly edits: KeptEdits;
  /** This device's changes the relay refused for the member's role (kept, shown, never synced). */
  readonly refused?: RefusedChanges;
  readonly ready: Promise<{ readModel: 'current' | 'incremental' | 'rebuilt' }>;
  /** Where start-up time went (ms since construction): shown by the benchmarks. */
  readonly timings: Record<string, number> = {};
  /** When this engine was made (epoch ms): `timings` count from here. */
  readonly startedAt = Date.now();
  /** Kept for callers of the three-doc engine: every shard is read on demand now. */
  activitiesLoaded: Promise<void> = Promise.resolve();
  private readonly unwatchConflicts: () => void;
  /** The settings dropped for the relay's (`retakeConfig`), or at once. */
  private readonly retaken: Promise<void>;

  constructor(readonly options: EngineOptions) {
    useFastUpdateStrings();
    const deps = options.readDbDeps ?? {};
    this.db = new ReadDB(readDbName(options.workspaceId), options.readDbDeps);
    // Config is read with the store's meta rows: it is loaded at every start.
    if (options.persist !== false) this.store = new DocStore(docStoreName(options.workspaceId), { ...deps, preload: ['config'] });
    this.docs = new ShardSet({ store: this.store, budgetBytes: options.budgetBytes });
    this.repo = new Repository({ docs: this.docs, actor: options.actor, now: options.now });
    this.projector = new Projector(this.docs, this.db);
    // Before anything reads the stored config: the relay connection must not diff the dropped state.
    this.retaken = this.store && options.retakeConfig ? this.store.drop('config').then(() => {}) : Promise.resolve();
    // Changes the relay refused for this member's role are kept apart, never synced (`refusedChanges`).
    this.refused = this.store ? new RefusedChanges(refusedChangesName(options.workspaceId), deps.indexedDB) : undefined;
    this.syncStore = createSyncStore(this.docs, {
      before: this.retaken, marks: { workspaceId: options.workspaceId, indexedDB: deps.indexedDB }, projected: () => this.projector.flush(),
      refused: this.refused, reproject: async (key) => { await this.ready; return this.projector.reread(key); }, now: options.now, retakeWaitMs: options.retakeWaitMs,
    });
    this.edits = keptEdits({ repo: this.repo, refused: this.refused, retakenReason: (key) => this.syncStore.retakenReason(key), now: options.now ?? Date.now });
    this.unwatchConflicts = watchConflicts(this.docs, (dropped) => this.repo.recordDropped(dropped, options.actor.name));
    this.ready = this.load();
  }

  private async load() {
    const t0 = performance.now();
    if (this.store) {
      await this.store.ready;
      this.timings['opened:store'] = performance.now() - t0;
      // Old-layout docs are looked for until none is left (a marker in the store's meta), not at every start.
      if (!this.options.team && !(await this.store.isLegacyChecked())) {
        await upgradeLegacyWorkspace(storeSink(this.store), this.options.workspaceId, this.options.readDbDeps?.indexedDB);
        await this.store.markLegacyChecked();
      }
      this.timings['checked:legacy'] = performance.now() - t0;
      await this.retaken;
      Y.applyUpdate(this.docs.config, await this.store.merged('config'), SHARD_ORIGIN.load);
      this.timings['loaded:config'] = performance.now() - t0;
    }
    if (this.options.seed !== false && !isSeeded(this.docs.config) && this.options.actor.role === 'admin') {
      seedDefaults(this.docs.config, { id: this.options.actor.memberId, name: this.options.actor.name, email: this.options.actor.email });
    }
    if (this.options.actor.role === 'admin') upgradeConfig(this.docs.config);
    await this.projector.hasUsableMeta().catch(() => false); // started with the store's open (a phase of its own in the timings)
    this.timings['read:meta'] = performance.now() - t0;
    const readModel = await this.projector.catchUp();
    this.timings.readModel = performance.now() - t0;
    return { readModel };
  }

  /**
   * The relay holds this member in another role than the profile said (made a viewer, say): writes
   * are judged by it here too, so a viewer's edit is refused at once with a reason instead of
   * saved here and refused by the relay, and the pages (`config`'s `me.role`) follow.
   */
  setRole(role: Actor['role']): void {
    this.repo.actor = { ...this.repo.actor, role };
  }

  /**
   * Runs a repository operation, loading the shards it turns out to need: an operation reads
   * before it writes and names every missing shard at once (ShardNotLoadedError), so it is
   * tried again with them loaded, kept loaded until it settles. Editing one record loads one shard.
   */
  async run<T>(fn: () => T | Promise<T>): Promise<T> {
    const need = new Set<DocKey>();
    for (;;) {
      try {
        return await this.docs.withLoaded(need, fn);
      } catch (e) {
        if (!(e instanceof ShardNotLoadedError)) throw e;
        const before = need.size;
        for (const k of e.keys) need.add(k);
        if (need.size === before) throw e; // loaded and still missing: never loop
      }
    }
  }

  /**
   * A team profile's upgrade of old-layout docs still on this device: pushed to the relay's
   * legacy rooms (the connection's `pushLegacy`, resolving on the relay's ack), then dropped; the
   * shards come from the relay by sync (src/store/upgrade.ts says why nothing is split here).
   * Returns the legacy docs pushed (none: nothing to upgrade).
   */
  async upgradeTeam(pushLegacy: (name: LegacyRoom, update: Uint8Array) => Promise<void>): Promise<LegacyRoom[]> {
    await this.ready;
    if (!this.store || (await this.store.isLegacyChecked())) return [];
    const pushed = await upgradeTeamWorkspace({ write: (k, u) => this.syncStore.applyRemote(k, u), durable: () => this.durable() }, this.options.workspaceId, pushLegacy, this.options.readDbDeps?.indexedDB);
    await this.store.markLegacyChecked(); // pushed and acknowledged (or nothing there): never looked for again
    return pushed;
  }

  /**
   * Every live record of a type from the read model, once what was written so far is projected:
   * a whole-workspace read (an import's duplicate check) that loads no shard.
   */
  async liveRecords(type: Collection): Promise<Record<string, unknown>[]> {
    await this.projector.flush();
    return liveRecords(this.db, type);
  }

  /**
   * Runs a large write (an import) that answers once its docs are durable: the read model is
   * held meanwhile (`Projector.hold`) and catches up after, first names first. Its rows were
   * written slice by slice between the import's own writes, on the same thread and against the
   * same IndexedDB, and held the answer back (P7). Durable means kept: a browser killed before
   * the read model has every row re-reads them from the docs at the next start (the recorded
   * vectors stay behind until the last part is written).
   */
  async bulkWrite<T>(fn: () => Promise<T>): Promise<T> {
    const release = this.projector.hold();
    try {
      const value = await fn();
      await this.durable();
      return value;
    } finally {
      release();
    }
  }

  /** Resolves when every write so far is committed to IndexedDB (the docs, not the read model). */
  async durable(): Promise<void> {
    await this.store?.durable();
  }

  /** Durable and visible in the read model. */
  async settle(): Promise<void> {
    await Promise.all([this.durable(), this.projector.flush()]);
  }

  async destroy(): Promise<void> {
    await this.ready.catch(() => {});
    await this.projector.flush().catch(() => {});
    this.projector.destroy();
    this.unwatchConflicts();
    this.docs.destroy();
    await this.syncStore.close();
    await this.store?.close();
    this.db.close();
  }
}
