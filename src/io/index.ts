export { ImportError, type ImportErrorCode, type RowProblem } from './errors.ts';
export { decodeText, tooLarge, MAX_IMPORT_BYTES } from './decode.ts';
export { readTable, csvTable, guessDelimiter, MAX_IMPORT_ROWS, type Table, type TableRow } from './table.ts';
export { vcardTable } from './vcard-read.ts';
export {
  planImport, previewImport, commitPlan, runImport, mergePatch,
  type ImportOptions, type ImportPlan, type ImportPreview, type ImportProgress, type ImportResult, type PlannedRow, type DuplicatePolicy,
} from './import.ts';
export { exportCsv, selectRecords, type ExportFilter } from './export.ts';
export { exportVcard, recordToVcard } from './vcard-write.ts';
export { backupWorkspace, backupWorkspaceStreamed, parseBackup, restoreWorkspace, workspaceSize, BACKUP_FORMAT, BACKUP_SCHEMA_VERSION, type Backup, type RestoreResult } from './backup.ts';
