import { createDocs, DOC_NAMES, destroyDocs, type WorkspaceDocs } from './docs.ts';
import type { DocName } from './records-doc.ts';
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

  /**
   * Ready = config and records loaded and the read model in step with them. The activities
   * doc (the timeline: the biggest doc, append-mostly, already in the read model) loads behind
   * and resolves `activitiesLoaded`; writes to it never wait for it (see DocPersistence).
   */
  activitiesLoaded: Promise<void> = Promise.resolve();

  private async load() {
    const t0 = performance.now();
    const loaded = (name: DocName) => {
      const p = this.persistence.find((x) => x.name === docDbName(this.options.workspaceId, name));
      return (p ? p.whenLoaded() : Promise.resolve()).then(() => { this.timings[`loaded:${name}`] = performance.now() - t0; });
    };
    const activities = loaded('activities');
    await Promise.all([loaded('config'), loaded('records')]);
    if (this.options.seed !== false && !isSeeded(this.docs.config) && this.options.actor.role === 'admin') {
      seedDefaults(this.docs.config, { id: this.options.actor.memberId, name: this.options.actor.name, email: this.options.actor.email });
    }
    let readModel: 'current' | 'incremental' | 'rebuilt';
    if (await this.projector.hasUsableMeta()) {
      readModel = await this.projector.catchUp(['config', 'records']);
      this.activitiesLoaded = activities.then(() => this.projector.catchUp(['activities'])).then(() => { this.timings.activities = performance.now() - t0; });
    } else {
      await activities; // a first start or another version: rebuild needs every doc
      readModel = await this.projector.catchUp();
    }
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
    await this.activitiesLoaded.catch(() => {});
    await this.projector.flush().catch(() => {});
    this.projector.destroy();
    await Promise.all(this.persistence.map((p) => p.destroy()));
    destroyDocs(this.docs);
    this.db.close();
  }
}
