import { browser } from 'wxt/browser';
import { EngineClient } from '../bridge/client.ts';
import type { ReadPort, WorkspaceConfig, WritePort, ProfilePort, IoPort, DedupePort, ViewsPort, TeamPort } from '../ui/ports.ts';
import { relayTeamPort } from './team.ts';
import type { Profile } from './profile.ts';
import { localStorageArea } from './browser-storage.ts';
import { rerunLiveQueries } from './read-port.ts';
import { profilePort } from './first-run.ts';
import { viewsPort } from './views.ts';
import { viewersWatcher } from './presence.ts';

/** Sends to the engine; if no engine answers yet, asks the background to start it and retries. */
export async function sendToEngine(message: unknown): Promise<unknown> {
  try {
    const reply = await browser.runtime.sendMessage(message);
    if (reply !== undefined) return reply;
  } catch (e) {
    if (!/Receiving end does not exist|Could not establish connection/i.test(String(e))) throw e;
  }
  await browser.runtime.sendMessage({ target: 'background', type: 'ensure-engine' });
  return browser.runtime.sendMessage(message);
}

/** Config is small and admin-owned: read from the engine, refreshed after our writes and every few seconds (a teammate's change). */
const CONFIG_POLL_MS = 2000;
function configWatcher(client: EngineClient) {
  const listeners = new Set<(c: WorkspaceConfig) => void>();
  let last: WorkspaceConfig | null = null;
  let lastJson = '';
  let timer: ReturnType<typeof setInterval> | null = null;
  const refresh = async () => {
    try {
      const c = await client.config<WorkspaceConfig>();
      const json = JSON.stringify(c);
      if (json === lastJson) return;
      last = c; lastJson = json;
      for (const l of listeners) l(c);
    } catch (e) { console.warn('Outpost: config not readable yet', e); }
  };
  return {
    refresh,
    watch(on: (c: WorkspaceConfig) => void) {
      listeners.add(on);
      if (last) on(last);
      void refresh();
      timer ??= setInterval(() => void refresh(), CONFIG_POLL_MS);
      return () => { listeners.delete(on); if (!listeners.size && timer) { clearInterval(timer); timer = null; } };
    },
  };
}

/**
 * The engine's status, asked at most once in this long: the status bar's poll (each second) and
 * the count of imported rows not listed yet share one answer instead of sending two messages.
 */
const STATUS_FRESH_MS = 900;
type EngineStatus = { sync: string; indexing?: number };
export function statusReader(client: Pick<EngineClient, 'call'>): StatusReader {
  let last: { at: number; reply: Promise<EngineStatus> } | null = null;
  return Object.assign(() => {
    const now = Date.now();
    if (!last || now - last.at >= STATUS_FRESH_MS) last = { at: now, reply: client.call<EngineStatus>({ op: 'status' }) };
    return last.reply;
  }, {
    // A status asked before an import answered says nothing of the rows it left to list: a "0"
    // from then would end the import screen's count before it began.
    forget: () => { last = null; },
  });
}
type StatusReader = (() => Promise<EngineStatus>) & { forget(): void };

/**
 * The ports that talk to the engine (and the relay, browser storage): loaded
 * after a page's first list, which reads the read model alone (src/ext/boot.ts). Its zod
 * validation of the engine's replies comes with it.
 */
export type EnginePorts = {
  client: EngineClient; watchConfig: ReadPort['watchConfig']; watchViewers: NonNullable<ReadPort['watchViewers']>;
  write: WritePort; profiles: ProfilePort; io: IoPort; dedupe: DedupePort; views: ViewsPort; team?: TeamPort;
};

export function enginePorts(profile: Profile): EnginePorts {
  const client = new EngineClient(sendToEngine, profile.workspaceId);
  const config = configWatcher(client);
  const status = statusReader(client);
  const write: WritePort = {
    create: (collection, input, o) => client.create(collection, input, undefined, o),
    update: (collection, id, patch, o) => client.update(collection, id, patch, o),
    delete: (collection, id, o) => client.delete(collection, id, o),
    restore: (collection, id, o) => client.restore(collection, id, o),
    logActivity: (input) => client.logActivity(input),
    companyCandidates: (leadId) => client.companyCandidates(leadId),
    convert: (leadId, options) => client.convert(leadId, options),
    admin: async (action) => { try { return await client.admin(action); } finally { void config.refresh(); } },
    undoBatch: (batchId) => client.undoBatch(batchId),
    fieldHistory: (collection, id) => client.fieldHistory(collection, id),
    keepCurrent: (collection, id, field) => client.call({ op: 'keepCurrent', collection, id, field }),
    syncStatus: async () => (await status()).sync,
    refusedChanges: (record) => client.call({ op: 'refusedChanges', ...(record ? { record } : {}) }),
    dismissRefused: (ids) => client.call({ op: 'dismissRefused', ids }),
  };
  // After each write (answered once the read model has it), live queries run once more.
  for (const [k, fn] of Object.entries(write) as [keyof WritePort, (...a: unknown[]) => Promise<unknown>][]) {
    if (k === 'syncStatus' || k === 'companyCandidates' || k === 'fieldHistory' || k === 'refusedChanges' || k === 'dismissRefused') continue;
    (write as Record<string, unknown>)[k] = async (...a: unknown[]) => { try { return await fn(...a); } finally { rerunLiveQueries(); } };
  }
  // Only a workspace joined to a relay has a team port: a local one never calls out.
  const team = profile.relay ? relayTeamPort({ ...profile.relay, workspaceId: profile.workspaceId, memberId: profile.memberId, role: profile.role }) : undefined;
  return {
    client, watchConfig: config.watch, watchViewers: viewersWatcher(client),
    write, profiles: profilePort(localStorageArea), io: ioPort(client, write, status),
    dedupe: dedupePort(client), views: viewsPort(localStorageArea, profile.workspaceId), team,
  };
}

/** Duplicates and merge in the engine; a merge re-runs the live queries (the loser leaves lists). */
function dedupePort(client: EngineClient): DedupePort {
  return {
    duplicates: (collection, id) => client.call({ op: 'duplicates', collection: collection as never, id }),
    merge: async (collection, winnerId, loserId, choices) => {
      try { return await client.call({ op: 'merge', collection: collection as never, winnerId, loserId, choices }); } finally { rerunLiveQueries(); }
    },
  };
}

/** Import/export calls to the engine; writes re-run the live queries as the write port does. */
function ioPort(client: EngineClient, write: WritePort, status: StatusReader): IoPort {
  const written = async <T>(p: Promise<T>) => { try { return await p; } finally { status.forget(); rerunLiveQueries(); } };
  return {
    preview: (jobId, file, settings) => client.call({ op: 'importPreview', jobId, file, settings }),
    run: (jobId, file, settings, confirmInvalid) => written(client.call({ op: 'importRun', jobId, file, settings, confirmInvalid })),
    progress: (jobId) => client.call({ op: 'importProgress', jobId }),
    cancel: (jobId) => client.call({ op: 'importCancel', jobId }),
    exportRecords: (request) => client.call({ op: 'exportRecords', request }),
    backup: () => client.call({ op: 'backup' }),
    restore: (text, merge) => written(client.call({ op: 'restoreBackup', text, merge })),
    undoBatch: (batchId) => write.undoBatch(batchId),
    indexing: async () => (await status()).indexing ?? 0,
  };
}
