import type { Collection } from '../domain/index.ts';

/**
 * What UI models need from the outside, as ports: the composition root (an entrypoint) builds
 * them from the read model and the engine client. Components never see IndexedDB, Yjs or
 * browser.* — tests hand in fakes or the real store in memory.
 */
export type ListRow = { id: string; type: Collection; name: string; subtitle: string; statusId: string; data: Record<string, unknown> };
export type ListPage = { rows: ListRow[]; total: number };
export type ListRequest = { type: Collection; search: string; offset: number; limit: number; statusId?: string };

export type ReadPort = {
  /** Calls back with the page now and after every change; returns the unsubscribe. */
  watchList(req: ListRequest, onPage: (page: ListPage) => void): () => void;
};

export type FieldError = { path: string; message: string };
export type WritePort = {
  create(collection: Collection, input: Record<string, unknown>): Promise<{ id: string }>;
  update(collection: Collection, id: string, patch: Record<string, unknown>): Promise<unknown>;
  syncStatus(): Promise<string>;
};
