import type { Activity, Collection, ConfigEntity, ConfigList, Role, Settings, WriteProvenance } from '../domain/index.ts';
import type { Candidate } from '../capture/candidate.ts';
import type { AdminAction, ConvertOptionsMessage, ExportRequest, ImportFileMessage, ImportSettings } from '../bridge/protocol.ts';
import type { ImportPreview, ImportProgress, RestoreResult } from '../io/index.ts';
import type { RefusedChange } from '../domain/refused.ts';

/**
 * What UI models need from the outside, as ports: the composition root (an entrypoint) builds
 * them from the read model, the engine client and the browser. Components never see IndexedDB,
 * Yjs or browser.* — tests hand in in-memory implementations (test/unit/ui/memory-ports.ts).
 */
export type Rec = Record<string, unknown> & { id: string };
export type ListRow = { id: string; type: Collection; name: string; subtitle: string; statusId: string; data: Rec; signals?: RecordSignals };
/** `totalPending`: the total is still being counted (`total` is then only what is known so far). */
export type ListPage = { rows: ListRow[]; total: number; totalPending?: boolean };
/** `notContactedDays`: no interaction for that many days (or "never"); `inStageOverDays`: deals in their stage longer (src/store/signal-queries.ts). */
export type ListFilters = { statusId?: string; ownerId?: string; sourceId?: string; stageId?: string; pipelineId?: string; tag?: string; companyId?: string; notContactedDays?: string; inStageOverDays?: string };
/** `rank`: a choice column's values in the order users see them (statuses, stages, members by name). */
export type ListSort = { field: string; dir: 'asc' | 'desc'; rank?: string[] };
export type ListRequest = {
  type: Collection; search: string; offset: number; limit: number; statusId?: string;
  filters?: ListFilters; sort?: ListSort;
  /** The trash: records deleted softly, restorable. */
  deleted?: boolean;
};
/** Records pointing at another one: people of a company, deals of a person, tasks of a record. */
export type RelatedRequest = { type: Collection; field: 'companyId' | 'primaryPersonId' | 'related' | 'assigneeId'; value: string };
export type Unsubscribe = () => void;
/** A record as a link to it names it. */
export type RecordName = { name: string; deleted: boolean };

export type WorkspaceConfig = { settings: Settings; me: { memberId: string; role: Role } } & { [L in ConfigList]: ConfigEntity<L>[] };

export type ReadPort = {
  /** Calls back with the page now and after every change; returns the unsubscribe. */
  watchList(req: ListRequest, onPage: (page: ListPage) => void): Unsubscribe;
  /**
   * A window's rows only, now and after every change, never counted: a table's pages past the
   * first (whose watchList has the total) each read their rows once, not the whole list's count.
   */
  watchRows(req: ListRequest, onRows: (rows: ListRow[]) => void): Unsubscribe;
  /** One answer, no subscription (duplicate hints while typing). */
  queryList(req: ListRequest): Promise<ListPage>;
  /**
   * A record, now and after every change; null when it is gone. With `deleted`, a record in the
   * trash is given too (its `deletedAt` set), so a link to it can read "Name (deleted)".
   */
  watchRecord(type: Collection, id: string, on: (r: Rec | null) => void, opts?: { deleted?: boolean }): Unsubscribe;
  /** Activities whose parent is any of `parents` ("leads:ID"), newest first. */
  watchActivities(parents: string[], on: (a: Activity[]) => void): Unsubscribe;
  watchRelated(req: RelatedRequest, on: (rows: ListRow[]) => void): Unsubscribe;
  /** The workspace settings (admin-owned): now, and after every change. */
  watchConfig(on: (c: WorkspaceConfig) => void): Unsubscribe;
  /** Who set which field of a record to what, and when: newest first, live. */
  watchHistory(type: Collection, id: string, on: (changes: FieldChange[]) => void): Unsubscribe;
  /** The figures of the Insights screen, computed from the read model, for a period (default: the last 8 weeks). */
  insights(now?: number, range?: DateRange): Promise<Insights>;
  /** "Known here": the records a page names (src/ui/known), now and after every change. */
  watchKnownHere?(page: PageFacts, on: (k: KnownHere) => void): Unsubscribe;
  /** Sales signals of records (last contacted, days in stage…), by "type:id"; live. */
  watchSignals?(keys: string[], on: (s: Record<string, RecordSignals>) => void): Unsubscribe;
  /** This page shows the record while watched; calls back with the teammates viewing it too (team workspaces). */
  watchViewers?(type: Collection, id: string, on: (viewers: Viewer[]) => void): Unsubscribe;
  /**
   * The names of records by "type:id" (tasks' "About"), now and after every change, in one query
   * however many: a record in the trash has `deleted`, one erased for good is absent.
   */
  watchNames?(refs: { type: Collection; id: string }[], on: (names: Record<string, RecordName>) => void): Unsubscribe;
  /** Fields whose concurrent values were dropped: of one record, or (no record) of the workspace; live. */
  watchConflicts?(record: { type: Collection; id: string } | null, on: (conflicts: OpenConflict[]) => void): Unsubscribe;
};
export type { OpenConflict } from '../domain/conflicts.ts';
import type { OpenConflict } from '../domain/conflicts.ts';

import type { MatchKind, PageFacts, RecordSignals } from '../domain/index.ts';
export type { PageFacts, RecordSignals };
/** A record a page names: how it matched and its signals, names resolved for display. */
export type KnownRecord = { type: Collection; id: string; name: string; subtitle: string; via: { kind: MatchKind; value: string }[]; lastContact: string; signals?: RecordSignals };
export type KnownDeal = { id: string; name: string; worth: string; stageName: string; daysInStage?: number };
export type KnownHere = { summary: string; domain?: string; records: KnownRecord[]; deals: KnownDeal[] };

export type FieldChange = { field: string; from: unknown; to: unknown; at: number; by: string; op: 'create' | 'update' | 'delete' | 'restore' };

export type { Bar, DateRange, Insights, Timeline } from '../domain/insights.ts';
import type { DateRange, Insights } from '../domain/insights.ts';

/** A teammate with the same record open ("who else is viewing"). */
export type Viewer = { memberId: string; name: string };

export type FieldError = { path: string; message: string };
export type CompanyCandidate = { id: string; name: string; emailDomain?: string; reason: 'domain' | 'name' };
export type ConvertResult = { personId: string; companyId?: string; opportunityId?: string; batchId: string };
export type ConvertOptions = ConvertOptionsMessage;
/** `provenance`: where the written values came from (a capture); none: typed by the member. */
export type WriteOpts = { batchId?: string; provenance?: WriteProvenance };

export type WritePort = {
  create(collection: Collection, input: Record<string, unknown>, opts?: WriteOpts): Promise<{ id: string }>;
  update(collection: Collection, id: string, patch: Record<string, unknown>, opts?: WriteOpts): Promise<unknown>;
  delete(collection: Collection, id: string, opts?: WriteOpts): Promise<unknown>;
  restore(collection: Collection, id: string, opts?: WriteOpts): Promise<unknown>;
  logActivity(input: { typeId: string; parent: { type: Collection; id: string }; details: string; date?: number; email?: EmailActivity }): Promise<unknown>;
  companyCandidates(leadId: string): Promise<CompanyCandidate[]>;
  convert(leadId: string, options: ConvertOptions): Promise<ConvertResult>;
  admin(action: AdminAction): Promise<unknown>;
  undoBatch(batchId: string): Promise<unknown>;
  fieldHistory(collection: Collection, id: string): Promise<{ field: string; from: unknown; to: unknown; at: number; by: string }[]>;
  syncStatus(): Promise<string>;
  /** Keeps the value a field shows and settles its dropped concurrent values (a synced write). */
  keepCurrent?(collection: Collection, id: string, field: string): Promise<unknown>;
  /** This device's changes the relay refused for the member's role (all, or one record's): kept here, never synced. */
  refusedChanges?(record?: { type: Collection; id: string }): Promise<RefusedChange[]>;
  /** Forgets refused changes the user has dealt with. */
  dismissRefused?(ids: string[]): Promise<unknown>;
};

/** The email part of an email activity (an .eml dropped on the panel, logged on the lead). */
export type EmailActivity = { subject: string; from: string; to: string[]; date?: number; messageId?: string };
/** A message read from a dropped .eml: what to log on the lead if the user wants it. */
export type CapturedEmail = { email: EmailActivity; text: string };

/** What "This page" shows: the candidates found on the active tab (or a dropped file). */
export type ScanResult = {
  url: string; title: string; candidates: Candidate[]; error?: string;
  /** A webmail site Outpost may read only once the user allows it (optional host permission). */
  permission?: { site: string; origins: string[] };
  /** Set when the file was an email. */
  message?: CapturedEmail;
};
export type CapturePort = {
  scanActiveTab(): Promise<ScanResult>;
  /** Candidates from a dropped or chosen file (.eml, .vcf, .html, .txt), read on this device. */
  fromFile(name: string, bytes: Uint8Array): Promise<ScanResult>;
  /** Asks the browser for an optional host permission (needs the click that calls it). */
  requestPermission(origins: string[]): Promise<boolean>;
  /** Calls back when the tab "This page" means changes (another tab activated, the page loaded a new address). */
  onPageChange?(on: () => void): Unsubscribe;
};

/** First run and team joining: the extension side keeps the profile. */
export type ProfileInfo = { name: string; email?: string; role: Role; workspaceId: string; relayUrl?: string; onboarded: boolean };
export type ProfilePort = {
  get(): Promise<ProfileInfo>;
  justMe(input: { name: string; email?: string }): Promise<void>;
  /** Joins with an invite link (relay URL + token); restarts the engine on the new workspace. */
  join(input: { name: string; email?: string; invite: string; carry?: boolean }): Promise<void>;
  /**
   * Creates a workspace on a relay and joins it as its first admin. `creationToken` is minted by
   * the relay operator (`admin creation-token`); empty for a relay open to sign-ups.
   */
  create(input: { name: string; email?: string; relay: string; creationToken: string; workspaceName: string; carry?: boolean }): Promise<void>;
  /** Leaves the team workspace: keep this device's copy as a local workspace, or start an empty one. A new invite joins again. */
  leave(input: { keep: boolean }): Promise<void>;
};

/** A file the user picked, read lazily (a 50 MB file is refused before it is read). */
export type PickedFile = { name: string; size: number; base64(): Promise<string>; text(): Promise<string> };
export type ImportRunResult = { batchId: string; created: number; updated: number; skipped: number; invalid: number; createdIds: string[]; updatedIds: string[]; ms: number };

/** Import, export and backup, run by the engine (off this page's thread). */
export type IoPort = {
  /** `file`: the bytes once, then `{ fileId }` alone (the engine keeps the file; `FILE_GONE` if it let it go). */
  preview(jobId: string, file: ImportFileMessage, settings: ImportSettings): Promise<ImportPreview>;
  run(jobId: string, file: ImportFileMessage, settings: ImportSettings, confirmInvalid: boolean): Promise<ImportRunResult>;
  progress(jobId: string): Promise<ImportProgress | null>;
  cancel(jobId: string): Promise<unknown>;
  exportRecords(request: ExportRequest): Promise<{ text: string; count: number }>;
  backup(): Promise<string>;
  restore(text: string, merge: boolean): Promise<RestoreResult>;
  undoBatch(batchId: string): Promise<unknown>;
  /** Rows the engine has saved that the lists do not show yet (an import's, after it answered); 0 when none. */
  indexing(): Promise<number>;
};

export type { AdminAction, Candidate, ExportRequest, ImportFileMessage, ImportPreview, ImportProgress, ImportSettings, RestoreResult };

/** Duplicates of a stored record, with their reasons (same email, phone, similar name…). */
export type DuplicateMatch = { collection: Collection; id: string; name: string; score: number; reasons: DuplicateReason[] };
import type { DuplicateReason } from '../domain/lifecycle/index.ts';
export type MergeSide = 'winner' | 'loser';
/** Finding and merging duplicates, run by the engine over the docs (issue 3). */
export type DedupePort = {
  duplicates(collection: Collection, id: string): Promise<DuplicateMatch[]>;
  /** One undoable batch; `choices` names, per field, whose value the winner keeps. */
  merge(collection: Collection, winnerId: string, loserId: string, choices: Record<string, MergeSide>): Promise<{ winnerId: string; batchId: string }>;
};

/** A table's saved view: what it filters, sorts and shows (src/ui/models/views-model.ts). */
export type TableViewState = { search: string; filters: ListFilters; sort?: ListSort; columns: string[] };
export type SavedView = { id: string; type: Collection; name: string; state: TableViewState; savedAt: number };
/** Saved views of this user in this workspace, kept on this device (src/ext/views.ts). */
export type ViewsPort = { load(): Promise<SavedView[]>; save(views: SavedView[]): Promise<void> };

/** A member as the team relay knows them (sync-server/auth/registry.ts). */
export type TeamMember = { id: string; name: string; role: Role; createdAt: string; revokedAt: string | null };
/** A minted invite: the link to hand over (relay address + token, as first run reads it). */
export type TeamInvite = { link: string; member: TeamMember; expiresAt: string };
export type TeamRelay = { url: string; httpUrl: string; workspaceId: string; memberId: string; role: Role };
/**
 * Members and invites through the relay's admin API. Only a workspace joined to a relay has
 * one; a local-only ("just me") workspace has none, so nothing calls out.
 */
export type TeamPort = {
  relay: TeamRelay;
  members(): Promise<TeamMember[]>;
  /** A single-use invite link; with `memberId`, a new link for that member (revoked or lapsed: their way back; old links stay dead). */
  invite(input: { name: string; role: Role; expiresInDays: number; memberId?: string }): Promise<TeamInvite>;
  setRole(memberId: string, role: Role): Promise<TeamMember>;
  revoke(memberId: string): Promise<TeamMember>;
};
