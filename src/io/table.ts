import Papa from 'papaparse';
import { ImportError, type RowProblem } from './errors.ts';
import { decodeText, sniffFormat } from './decode.ts';
import { vcardTable } from './vcard-read.ts';
import { guessMapping } from '../domain/csv/targets.ts';

/** 50k records is what the workspace is built for (DESIGN.md); more rows are refused up front. */
export const MAX_IMPORT_ROWS = 50_000;

export type TableRow = { line: number; cells: string[] };

/** A file read as a header and rows, whatever its format, each row with the line it starts on. */
export type Table = {
  format: 'csv' | 'vcard';
  encoding: string;
  delimiter?: string;
  headers: string[];
  rows: TableRow[];
  /** Rows that could not be read (wrong number of values, a quote never closed). */
  problems: RowProblem[];
  /**
   * A report's footer: the file's last rows, each one value where the header has several, after
   * every full row ("Total", "Confidential Information - Do Not Distribute", "Copyright (c) …
   * salesforce.com"), none holding an email address. Neither contacts nor errors; shown, not imported.
   */
  footer?: { line: number; text: string }[];
};

export type ReadOptions = { encoding?: string; delimiter?: string; maxBytes?: number; maxRows?: number };

/** Reads a CSV or vCard file into a table. Throws ImportError with a message a person can act on. */
export function readTable(input: Uint8Array | string, opts: ReadOptions = {}): Table {
  const { text, encoding } = decodeText(input, opts);
  const format = sniffFormat(text);
  if (format === 'json') throw new ImportError('not-csv', "This file isn't a CSV: it is JSON. To restore an Outpost backup, use Restore instead of Import.");
  if (format === 'html') throw new ImportError('not-csv', "This file isn't a CSV: it is a web page (HTML or XML).");
  const table = format === 'vcard' ? vcardTable(text, encoding) : csvTable(text, encoding, opts.delimiter);
  if (table.rows.length > (opts.maxRows ?? MAX_IMPORT_ROWS)) {
    throw new ImportError('too-many-rows', `The file has ${table.rows.length.toLocaleString('en-US')} rows; Outpost imports up to ${(opts.maxRows ?? MAX_IMPORT_ROWS).toLocaleString('en-US')} at a time. Split it and import the parts one by one.`);
  }
  return table;
}

const DELIMITERS = [',', ';', '\t', '|'];

/** The delimiter that splits the first lines into the same number of fields. */
export function guessDelimiter(text: string): string {
  const sample = text.slice(0, 64 * 1024);
  const result = Papa.parse<string[]>(sample, { preview: 20, delimitersToGuess: DELIMITERS });
  return result.meta.delimiter || ',';
}

/**
 * Parses CSV text row by row (papaparse's step mode: no array of the whole file is built by the
 * parser), noting the line each row starts on so that problems can be shown as "line 12".
 */
export function csvTable(text: string, encoding = 'utf-8', delimiter?: string): Table {
  const delim = delimiter ?? guessDelimiter(text);
  const rows: TableRow[] = [];
  const problems: RowProblem[] = [];
  // One-value rows wait here: a full row after them makes them problems; at the end they are the footer.
  let lone: { line: number; text: string; problem: RowProblem }[] = [];
  let headers: string[] | null = null;
  let headerWidth = 0;
  let pos = 0;
  let line = 1;
  /** The first rows, until the header is chosen among them (files may have lines before it). */
  let pending: TableRow[] | null = [];
  const data = (startLine: number, cells: string[]) => {
    if (!headers) return;
    if (cells.length === 1 && cells[0] === '') return; // blank line
    if (cells.length < headerWidth && headerWidth > 1) {
      const problem = { line: startLine, reason: `has ${cells.length} values but the header has ${headerWidth} columns: a value or a delimiter is missing, so the values can't be matched to their columns` };
      if (cells.length === 1) lone.push({ line: startLine, text: cells[0].trim(), problem });
      else problems.push(problem);
      return;
    }
    if (lone.length) { problems.push(...lone.map((l) => l.problem)); lone = []; }
    if (cells.length > headers.length && lastFilled(cells) >= headers.length) {
      problems.push({ line: startLine, reason: `has ${cells.length} values but the header has ${headers.length} columns: a value probably holds an unquoted "${delim === '\t' ? 'tab' : delim}"` });
      return;
    }
    rows.push({ line: startLine, cells });
  };
  const chooseHeader = () => {
    const candidates = pending ?? [];
    pending = null;
    const at = headerRow(candidates.map((r) => r.cells));
    if (at < 0) return;
    headers = candidates[at].cells.map((c) => c.replace(/^\uFEFF/, '').trim());
    headerWidth = lastFilled(headers) + 1;
    for (const r of candidates.slice(at + 1)) data(r.line, r.cells);
  };
  Papa.parse<string[]>(text, {
    delimiter: delim,
    step: (result) => {
      const startLine = line;
      const end = result.meta.cursor;
      for (let i = pos; i < end; i++) if (text.charCodeAt(i) === 10) line++;
      pos = end;
      const cells = result.data;
      const quoteError = result.errors.find((e) => e.type === 'Quotes');
      if (quoteError) {
        problems.push({ line: startLine, reason: 'a quoted value starts here and its closing quote is missing, so the rest of the file is one value' });
        return;
      }
      if (pending) {
        if (cells.every((c) => !c.trim())) return; // blank lines before the header
        pending.push({ line: startLine, cells });
        if (pending.length >= HEADER_SEARCH_ROWS) chooseHeader();
        return;
      }
      data(startLine, cells);
    },
  });
  if (pending) chooseHeader();
  const footer = lone.some((l) => l.text.includes('@')) ? (problems.push(...lone.map((l) => l.problem)), []) : lone.map(({ line: at, text: t }) => ({ line: at, text: t }));
  problems.sort((a, b) => a.line - b.line);
  if (!headers) throw new ImportError('no-header', 'The file has no header row: the first line should name the columns (for example First Name, Last Name, Email).');
  return { format: 'csv', encoding, delimiter: delim, headers, rows, problems, ...(footer.length ? { footer } : {}) };
}

/** How many of the first rows may come before the header (titles, notes, export dates). */
const HEADER_SEARCH_ROWS = 30;

/**
 * Which of the first rows is the header: the one naming the most columns the import knows
 * (LinkedIn puts a "Notes:" paragraph first, accounting exports a title and a date), the
 * earliest of equals; a row with a single value is a title, not a header, unless nothing
 * else is. -1 when there are no rows.
 */
export function headerRow(rows: string[][]): number {
  let best = -1;
  let bestScore = 0;
  rows.forEach((cells, i) => {
    const filled = cells.filter((c) => c.trim()).length;
    if (filled < 2) return;
    const score = guessMapping(cells).filter((m) => m.target !== null).length;
    if (score > bestScore) { best = i; bestScore = score; }
  });
  if (best >= 0) return best;
  return rows.findIndex((cells) => cells.some((c) => c.trim()));
}

function lastFilled(cells: string[]): number {
  for (let i = cells.length - 1; i >= 0; i--) if (cells[i].trim()) return i;
  return -1;
}
