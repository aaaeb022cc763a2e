import { binaryMagic, decodeText } from '../io/decode.ts';
import { ImportError } from '../io/errors.ts';

/**
 * A dropped file's bytes as text, by the import's one rule (src/io/decode.ts): UTF-8, UTF-16 by
 * BOM or zero bytes, a vCard's CHARSET, else windows-1252 (older Outlook and Windows exports),
 * so "Müller" never comes out as "M\ufffdller". A binary file is refused here, by name.
 */

/** A file the capture cannot read: the message says which file and what to do instead. */
export class CaptureFileError extends Error {
  override name = 'CaptureFileError';
}

const fileName = (name: string) => name.split(/[\\/]/).pop() || 'This file';
const notText = (name: string, what: string) =>
  new CaptureFileError(`${fileName(name)} is ${what}, not a contact card (.vcf), an email (.eml), a web page (.html) or text. Drop one of those, or paste the text.`);

/** The text of a file's bytes ('' for none); a CaptureFileError for a binary file. */
export function readText(name: string, bytes: Uint8Array): string {
  const what = binaryMagic(bytes);
  if (what) throw notText(name, what);
  try {
    return decodeText(bytes, { maxBytes: Number.MAX_SAFE_INTEGER }).text;
  } catch (e) {
    if (e instanceof ImportError && e.code === 'empty') return '';
    if (e instanceof ImportError && e.code === 'not-csv') throw notText(name, 'binary data');
    throw e;
  }
}

/** Text of bytes for a look at their kind or a reader that has no file name (tests, the CLI). */
export const decodeBytes = (bytes: Uint8Array): string => readText('This file', bytes);
