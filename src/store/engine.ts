import { createDocs, DOC_NAMES, destroyDocs, type WorkspaceDocs } from './docs.ts';
import { DocPersistence } from './persistence.ts';
import { Projector } from './projector.ts';
import { ReadDB, readDbName } from './read-db.ts';
import { Repository, type Actor } from './repository.ts';
import { isSeeded, seedDefaults } from './config-store.ts';

export type EngineOptions = {
  workspaceId: string;
  actor: Actor & { name?: string; email?: string };
  /** false keeps the docs in memory only (tests, the CLI's one-shot imports). */
  persist?: boolean;
  /** Seed default config when the workspace has none yet (ids are fixed: seeding twice merges). */
  seed?: boolean;
  readDbDeps?: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange };
  now?: () => number;
};

export const docDbName = (workspaceId: string, doc: string) => `outpost:${workspaceId}:${doc}`;

/**
 * One per browser profile (the offscreen document in Chrome, the background page in Firefox):
 * owns the workspace docs, their persistence and the read model projection. Writes may start
 * at once; `ready` resolves when the docs are loaded and the read model is in step.
 */
export class Engine {
  readonly docs: WorkspaceDocs = createDocs();
  readonly db: ReadDB;
  readonly repo: Repository;
  readonly projector: Projector;
  readonly persistence: DocPersistence[] = [];
  readonly ready: Promise<{ readModel: 'current' | 'incremental' | 'rebuilt' }>;

  constructor(readonly options: EngineOptions) {
    this.db = new ReadDB(readDbName(options.workspaceId), options.readDbDeps);
    this.repo = new Repository({ docs: this.docs, actor: options.actor, now: options.now });
    this.projector = new Projector(this.docs, this.db);
    if (options.persist !== false) {
      for (const name of DOC_NAMES) this.persistence.push(new DocPersistence(docDbName(options.workspaceId, name), this.docs[name]));
    }
    this.projector.loadOrigins = new Set(this.persistence.map((p) => p.idb));
    this.ready = this.load();
  }

  /** Where start-up time went (ms since construction): shown by the benchmarks. */
  readonly timings: Record<string, number> = {};

  private async load() {
    const t0 = performance.now();
    await Promise.all(this.persistence.map((p, i) => p.whenLoaded().then(() => { this.timings[`loaded:${DOC_NAMES[i]}`] = performance.now() - t0; })));
    if (this.options.seed !== false && !isSeeded(this.docs.config) && this.options.actor.role === 'admin') {
      seedDefaults(this.docs.config, { id: this.options.actor.memberId, name: this.options.actor.name, email: this.options.actor.email });
    }
    this.timings.seeded = performance.now() - t0;
    const readModel = await this.projector.catchUp();
    this.timings.readModel = performance.now() - t0;
    return { readModel };
  }

  /** Resolves when every write so far is committed to IndexedDB (the docs, not the read model). */
  async durable(): Promise<void> {
    await Promise.all(this.persistence.map((p) => p.durable()));
  }

  /** Durable and visible in the read model. */
  async settle(): Promise<void> {
    await Promise.all([this.durable(), this.projector.flush()]);
  }

  async destroy(): Promise<void> {
    await this.projector.flush().catch(() => {});
    this.projector.destroy();
    await Promise.all(this.persistence.map((p) => p.destroy()));
    destroyDocs(this.docs);
    this.db.close();
  }
}
