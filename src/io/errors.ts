/** Why a file can't be imported or restored at all. Nothing was written. */
export type ImportErrorCode =
  | 'empty' | 'too-large' | 'too-many-rows' | 'not-csv' | 'encoding' | 'no-header' | 'no-rows'
  | 'unmapped' | 'invalid-rows' | 'nothing-to-import' | 'cancelled' | 'not-backup' | 'not-empty' | 'bad-backup';

export class ImportError extends Error {
  constructor(readonly code: ImportErrorCode, message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

/** A problem with one row of a file: its line number (1-based, as an editor shows it) and why. */
export type RowProblem = { line: number; reason: string };

export const cancelled = () => new ImportError('cancelled', 'Import cancelled: nothing was imported.');
