import { ImportError } from './errors.ts';

/**
 * 25 MB is about 100,000 contact rows, twice the 50k records the workspace is built for; a
 * bigger file would hold the whole workspace in memory twice while it is checked.
 */
export const MAX_IMPORT_BYTES = 25 * 1024 * 1024;

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** Magic numbers of files people pick by mistake, with what to tell them. */
const BINARY: [number[], string][] = [
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive or an Excel/Numbers/OpenOffice workbook (save it as CSV first)'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Excel (.xls), Word or Outlook .msg file (save a sheet as CSV, a message as .eml, first)'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x1f, 0x8b], 'a gzip archive'],
];

export type Decoded = { text: string; encoding: string };

/** What binary file these bytes start like ("a PDF document"), or undefined (also read by capture's file drop). */
export function binaryMagic(bytes: Uint8Array): string | undefined {
  return BINARY.find(([magic]) => magic.every((b, i) => bytes[i] === b))?.[1];
}

/**
 * Bytes → text: UTF-8 (with or without BOM), UTF-16 LE/BE (with BOM, or detected by its zero
 * bytes), windows-1252 when the bytes are not UTF-8, or the encoding the user chose (which
 * wins). Text the chosen encoding can't read is refused with what to do about it, rather than
 * imported as mojibake.
 */
export function decodeText(input: Uint8Array | string, opts: { encoding?: string; maxBytes?: number } = {}): Decoded {
  const maxBytes = opts.maxBytes ?? MAX_IMPORT_BYTES;
  if (typeof input === 'string') {
    if (input.length > maxBytes) throw tooLarge(input.length, maxBytes);
    return checkText(input.replace(/^\uFEFF/, ''), 'utf-8');
  }
  const bytes = input;
  if (bytes.length > maxBytes) throw tooLarge(bytes.length, maxBytes);
  if (bytes.length === 0) throw new ImportError('empty', 'The file is empty.');
  const what = binaryMagic(bytes);
  if (what) throw new ImportError('not-csv', `This file isn't a CSV: it is ${what}.`);
  const encoding = opts.encoding?.toLowerCase() ?? sniff(bytes);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new ImportError('encoding', `Unknown encoding "${opts.encoding}". Use utf-8, utf-16le, utf-16be, windows-1252 or another name your browser knows.`);
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    const vcard = vcardCharset(bytes);
    if (vcard && !opts.encoding) return decodeText(bytes, { ...opts, encoding: vcard });
    // Not UTF-8: Excel's "CSV" and most Windows exports are windows-1252 (Latin-1's superset).
    // The import shows the encoding it used and the user can choose another.
    if (!opts.encoding && encoding === 'utf-8') return decodeText(bytes, { ...opts, encoding: 'windows-1252' });
    const at = firstInvalidUtf8(bytes);
    throw new ImportError(
      'encoding',
      `The file is not UTF-8 or UTF-16 text${at ? ` (line ${at.line} has the byte 0x${at.byte.toString(16).toUpperCase()}, which UTF-8 doesn't allow)` : ''}. ` +
        'Save it as "CSV UTF-8" from your spreadsheet, or choose its encoding (for example windows-1252 or iso-8859-1).',
    );
  }
  return checkText(text.replace(/^\uFEFF/, ''), encoding);
}

/**
 * vCard 2.1 files from Outlook and old phones are in the sender's code page and may say so
 * ("N;CHARSET=windows-1252:"); without a CHARSET they are almost always windows-1252.
 */
function vcardCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 64 * 1024));
  if (!/^\s*begin:vcard/i.test(head)) return null;
  const charset = /;CHARSET=([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8') {
    try { new TextDecoder(charset); return charset; } catch { /* unknown: fall through */ }
  }
  return 'windows-1252';
}

/** Also used by pages, to refuse a file before reading it into memory. */
export function tooLarge(size: number, max = MAX_IMPORT_BYTES) {
  return new ImportError('too-large', `The file is ${mb(size)}; Outpost imports files up to ${mb(max)} (about 100,000 contacts). Split it into smaller files and import them one by one.`);
}

/** BOM first; then UTF-16 without BOM shows as a zero in every other byte of ASCII text. */
function sniff(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const n = Math.min(bytes.length, 4096);
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i++) if (bytes[i] === 0) (i % 2 === 0 ? evenZero++ : oddZero++);
  if (oddZero > n / 4 && evenZero < n / 50) return 'utf-16le';
  if (evenZero > n / 4 && oddZero < n / 50) return 'utf-16be';
  return 'utf-8';
}

function firstInvalidUtf8(bytes: Uint8Array): { line: number; byte: number } | null {
  let line = 1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x0a) line++;
    if (b < 0x80) continue;
    const len = b >= 0xf0 && b < 0xf8 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
    if (len === 0 || i + len > bytes.length) return { line, byte: b };
    for (let k = 1; k < len; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return { line, byte: b };
    i += len - 1;
  }
  return null;
}

/** The escape sequences that switch character sets in ISO-2022 text (and SO/SI, which ISO-2022-KR shifts with). */
const ISO_2022_ESCAPE = /\u001b(?:\$[@AB]|\$[()][A-DG-M]|\([BJI]|\.[AF])|[\u000e\u000f]/g;

function checkText(text: string, encoding: string): Decoded {
  if (!text.trim()) throw new ImportError('empty', 'The file is empty.');
  const head = text.slice(0, 4096);
  if (head.includes('\u0000')) throw new ImportError('not-csv', "This file isn't a CSV: it holds binary data.");
  // Control characters other than tab/CR/LF in the first KB: a binary format we don't know. An
  // ISO-2022 escape ("ESC $ B" … "ESC ( B": ISO-2022-JP and -KR mail, 7-bit) is text, not one.
  const controls = (head.replace(ISO_2022_ESCAPE, '').match(/[\u0001-\u0008\u000e-\u001f]/g) ?? []).length;
  if (controls > 8) throw new ImportError('not-csv', "This file isn't a CSV: it holds binary data.");
  return { text, encoding };
}

/** What kind of text this is: the import picks its reader from it. */
export function sniffFormat(text: string): 'csv' | 'vcard' | 'json' | 'html' {
  const head = text.trimStart().slice(0, 200).toLowerCase();
  if (head.startsWith('begin:vcard')) return 'vcard';
  if (head.startsWith('{') || head.startsWith('[')) return 'json';
  if (head.startsWith('<')) return 'html';
  return 'csv';
}
