import type { Activity, Collection, ConfigEntity, ConfigList, Role, Settings } from '../domain/index.ts';
import type { Candidate } from '../capture/candidate.ts';
import type { AdminAction, ConvertOptionsMessage } from '../bridge/protocol.ts';

/**
 * What UI models need from the outside, as ports: the composition root (an entrypoint) builds
 * them from the read model, the engine client and the browser. Components never see IndexedDB,
 * Yjs or browser.* — tests hand in in-memory implementations (test/unit/ui/memory-ports.ts).
 */
export type Rec = Record<string, unknown> & { id: string };
export type ListRow = { id: string; type: Collection; name: string; subtitle: string; statusId: string; data: Rec };
export type ListPage = { rows: ListRow[]; total: number };
export type ListFilters = { statusId?: string; ownerId?: string; sourceId?: string; stageId?: string; pipelineId?: string; tag?: string; companyId?: string };
export type ListSort = { field: string; dir: 'asc' | 'desc' };
export type ListRequest = {
  type: Collection; search: string; offset: number; limit: number; statusId?: string;
  filters?: ListFilters; sort?: ListSort;
  /** The trash: records deleted softly, restorable. */
  deleted?: boolean;
};
/** Records pointing at another one: people of a company, deals of a person, tasks of a record. */
export type RelatedRequest = { type: Collection; field: 'companyId' | 'primaryPersonId' | 'related' | 'assigneeId'; value: string };
export type Unsubscribe = () => void;

export type WorkspaceConfig = { settings: Settings; me: { memberId: string; role: Role } } & { [L in ConfigList]: ConfigEntity<L>[] };

export type ReadPort = {
  /** Calls back with the page now and after every change; returns the unsubscribe. */
  watchList(req: ListRequest, onPage: (page: ListPage) => void): Unsubscribe;
  /** One answer, no subscription (duplicate hints while typing). */
  queryList(req: ListRequest): Promise<ListPage>;
  watchRecord(type: Collection, id: string, on: (r: Rec | null) => void): Unsubscribe;
  /** Activities whose parent is any of `parents` ("leads:ID"), newest first. */
  watchActivities(parents: string[], on: (a: Activity[]) => void): Unsubscribe;
  watchRelated(req: RelatedRequest, on: (rows: ListRow[]) => void): Unsubscribe;
  /** The workspace settings (admin-owned): now, and after every change. */
  watchConfig(on: (c: WorkspaceConfig) => void): Unsubscribe;
  /** This page shows the record while watched; calls back with the teammates viewing it too (team workspaces). */
  watchViewers?(type: Collection, id: string, on: (viewers: Viewer[]) => void): Unsubscribe;
};

/** A teammate with the same record open ("who else is viewing"). */
export type Viewer = { memberId: string; name: string };

export type FieldError = { path: string; message: string };
export type CompanyCandidate = { id: string; name: string; emailDomain?: string; reason: 'domain' | 'name' };
export type ConvertResult = { personId: string; companyId?: string; opportunityId?: string; batchId: string };
export type ConvertOptions = ConvertOptionsMessage;
export type WriteOpts = { batchId?: string };

export type WritePort = {
  create(collection: Collection, input: Record<string, unknown>, opts?: WriteOpts): Promise<{ id: string }>;
  update(collection: Collection, id: string, patch: Record<string, unknown>, opts?: WriteOpts): Promise<unknown>;
  delete(collection: Collection, id: string, opts?: WriteOpts): Promise<unknown>;
  restore(collection: Collection, id: string, opts?: WriteOpts): Promise<unknown>;
  logActivity(input: { typeId: string; parent: { type: Collection; id: string }; details: string; date?: number }): Promise<unknown>;
  companyCandidates(leadId: string): Promise<CompanyCandidate[]>;
  convert(leadId: string, options: ConvertOptions): Promise<ConvertResult>;
  admin(action: AdminAction): Promise<unknown>;
  undoBatch(batchId: string): Promise<unknown>;
  fieldHistory(collection: Collection, id: string): Promise<{ field: string; from: unknown; to: unknown; at: number; by: string }[]>;
  syncStatus(): Promise<string>;
};

/** What "This page" shows: the candidates found on the active tab. */
export type ScanResult = { url: string; title: string; candidates: Candidate[]; error?: string };
export type CapturePort = { scanActiveTab(): Promise<ScanResult> };

/** First run and team joining: the extension side keeps the profile. */
export type ProfileInfo = { name: string; email?: string; role: Role; workspaceId: string; relayUrl?: string; onboarded: boolean };
export type ProfilePort = {
  get(): Promise<ProfileInfo>;
  justMe(input: { name: string; email?: string }): Promise<void>;
  /** Joins with an invite link (relay URL + token); restarts the engine on the new workspace. */
  join(input: { name: string; email?: string; invite: string; carry?: boolean }): Promise<void>;
  /** Creates a workspace on a relay (operator key from its data folder) and joins it as its first admin. */
  create(input: { name: string; email?: string; relay: string; operatorKey: string; workspaceName: string; carry?: boolean }): Promise<void>;
};

export type { AdminAction, Candidate };
