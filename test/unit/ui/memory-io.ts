import { computeInsights, displayName } from '../../../src/domain/index.ts';
import { EngineCall } from '../../../src/bridge/protocol.ts';
import { backupText, cancelImport, exportRecords, importPreview, importProgress, importRun, restoreBackup } from '../../../src/bridge/io.ts';
import { undoBatch } from '../../../src/store/undo.ts';
import type { Repository } from '../../../src/store/repository.ts';
import type { IoPort, ListRequest, PickedFile, ReadPort } from '../../../src/ui/ports.ts';

/**
 * The Import/Export ports in memory: the engine's own handlers (src/bridge/io.ts) over an
 * in-memory repository, each call first parsed by the bridge's zod schema as the engine does.
 */
export function memoryIo(repo: Repository): IoPort & { calls: string[]; fileSends: ('bytes' | 'id')[]; unlisted: number[] } {
  const calls: string[] = [];
  /** What `indexing` answers, one value an ask (the read model's backlog after an import), then 0. */
  const unlisted: number[] = [];
  /** How each import call carried its file: its bytes, or only the id the engine keeps it by. */
  const fileSends: ('bytes' | 'id')[] = [];
  const check = <T>(call: unknown, run: () => T): T => {
    const parsed = EngineCall.safeParse(call);
    if (!parsed.success) throw new Error(`the engine would refuse this message: ${parsed.error.message}`);
    calls.push(parsed.data.op);
    if ('file' in parsed.data) fileSends.push('base64' in parsed.data.file ? 'bytes' : 'id');
    return run();
  };
  return {
    calls, fileSends, unlisted,
    indexing: async () => unlisted.shift() ?? 0,
    preview: async (jobId, file, settings) => check({ op: 'importPreview', jobId, file, settings }, () => importPreview(repo, jobId, file, settings)),
    run: async (jobId, file, settings, confirmInvalid) => check({ op: 'importRun', jobId, file, settings, confirmInvalid }, () => importRun(repo, jobId, file, settings, confirmInvalid)),
    progress: async (jobId) => importProgress(jobId),
    cancel: async (jobId) => check({ op: 'importCancel', jobId }, () => cancelImport(jobId)),
    exportRecords: async (request) => check({ op: 'exportRecords', request }, () => exportRecords(repo, request)),
    backup: async () => backupText(repo.docs, 'ws-test'),
    restore: async (text, merge) => check({ op: 'restoreBackup', text, merge }, () => restoreBackup(repo, text, merge)),
    undoBatch: async (batchId) => undoBatch(repo, batchId),
  };
}

/** A read port over the same repository: name search and the lead filters, like the table's. */
export function memoryRead(repo: Repository): ReadPort {
  const queryList = async (req: ListRequest) => {
    const f = req.filters ?? {};
    const rows = (repo.list(req.type) as Record<string, unknown>[])
      .filter((r) => !req.search || `${displayName(r)} ${String(r.email ?? '')}`.toLowerCase().includes(req.search.toLowerCase()))
      .filter((r) => (!f.statusId || r.statusId === f.statusId) && (!f.tag || ((r.tags as string[]) ?? []).includes(f.tag)))
      .map((r) => ({ id: r.id as string, type: req.type, name: displayName(r), subtitle: '', statusId: String(r.statusId ?? ''), data: r as never }));
    return { rows: rows.slice(req.offset, req.offset + req.limit), total: rows.length };
  };
  const none = () => () => {};
  return {
    queryList,
    watchList: (req, on) => { void queryList(req).then(on); return () => {}; },
    watchRows: (req, on) => { void queryList(req).then((p) => on(p.rows)); return () => {}; },
    watchRecord: none, watchActivities: none, watchRelated: none, watchConfig: none,
    // Not used by the import/export models; answered from the same repository all the same.
    watchHistory: (type, id, on) => { on(repo.fieldHistory(type, id)); return () => {}; },
    insights: async (now = Date.now()) => computeInsights({
      now,
      leads: repo.list('leads').map((l) => ({ statusId: l.statusId ?? '', sourceId: l.sourceId ?? '' })),
      opportunities: repo.list('opportunities').map((o) => ({ status: o.status, sourceId: o.sourceId ?? '', pipelineId: o.pipelineId, stageId: o.stageId, value: o.monetaryValue ?? 0 })),
      activities: [],
      config: { leadStatuses: [], sources: [], pipelines: [], stages: [], members: [], currency: 'USD' },
    }),
  };
}

/** A picked file whose reads are counted: a refused file must not be read at all. */
export function picked(name: string, content: string | Uint8Array, size?: number): PickedFile & { reads: number } {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const file = {
    name, size: size ?? bytes.length, reads: 0,
    base64: async () => { file.reads++; return Buffer.from(bytes).toString('base64'); },
    text: async () => { file.reads++; return new TextDecoder().decode(bytes); },
  };
  return file;
}
