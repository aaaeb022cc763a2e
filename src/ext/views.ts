import { z } from '../domain/zod.ts';
import { COLLECTIONS } from '../domain/index.ts';
import type { SavedView, ViewsPort } from '../ui/ports.ts';
import type { KeyValueStorage } from './profile.ts';

/**
 * Saved table views live in this browser profile's extension storage, per workspace: they are
 * personal (a filter one salesperson keeps for a Monday call list is noise for the others),
 * they must survive a restart, and they must work for members and viewers, who can't write the
 * admin-only `config` doc. Sharing a view with the team would be a record in the `records` doc
 * (synced, field-merged); not done yet. browser.storage.local rather than localStorage: the side
 * panel and every dashboard tab share it, and clearing a site's data doesn't wipe it.
 */
const viewsKey = (workspaceId: string) => `outpost.views.${workspaceId}`;

const Filters = z.object({ statusId: z.string(), ownerId: z.string(), sourceId: z.string(), stageId: z.string(), pipelineId: z.string(), tag: z.string(), companyId: z.string() }).partial().strict();
const StoredView = z.object({
  id: z.string().min(1), type: z.enum(COLLECTIONS as [string, ...string[]]), name: z.string().min(1), savedAt: z.number(),
  state: z.object({ search: z.string(), filters: Filters, sort: z.object({ field: z.string(), dir: z.enum(['asc', 'desc']) }).optional(), columns: z.array(z.string()) }),
});

/** Stored entries that don't parse (an older shape, a hand edit) are dropped, not fatal. */
export function parseStoredViews(value: unknown): SavedView[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => { const p = StoredView.safeParse(v); return p.success ? [p.data as SavedView] : []; });
}

export function viewsPort(storage: KeyValueStorage, workspaceId: string): ViewsPort {
  return {
    load: async () => parseStoredViews(await storage.get(viewsKey(workspaceId))),
    save: (views) => storage.set(viewsKey(workspaceId), views),
  };
}
