import type { Candidate, ExtractOptions } from './candidate.ts';
import { extractFromHtml } from './html.ts';
import { extractFromEml } from './eml.ts';
import { extractFromText } from './selection.ts';
import { withOrigin } from './draft.ts';
import { extractFromVcf } from './vcard.ts';
import { readText } from './bytes.ts';

export { CaptureFileError, decodeBytes, readText } from './bytes.ts';

export type FileKind = 'html' | 'eml' | 'vcf' | 'txt';

/** The kind of a saved file, by extension first, then by a look at its start. */
export function fileKind(name: string, text: string): FileKind {
  const ext = name.toLowerCase().match(/\.(html?|xhtml|eml|msg|mbox|vcf|vcard|txt|text)$/)?.[1] ?? '';
  if (/^x?html?$/.test(ext)) return 'html';
  if (ext === 'eml' || ext === 'mbox') return 'eml';
  if (ext === 'vcf' || ext === 'vcard') return 'vcf';
  if (ext) return 'txt';
  const head = text.slice(0, 2000);
  if (/^\s*begin:vcard/im.test(head)) return 'vcf';
  if (/^\s*(<!doctype html|<html)/i.test(head)) return 'html';
  if (/^(from|received|return-path|message-id|mime-version):/im.test(head)) return 'eml';
  return 'txt';
}

/** One entry point for a dropped or saved file (side panel drop, CLI). Binary files are refused with a CaptureFileError. */
export async function extractFromFile(name: string, bytes: Uint8Array, opts: ExtractOptions = {}): Promise<Candidate[]> {
  const file = name.split(/[\\/]/).pop();
  return (await extractByKind(name, bytes, opts)).map((c) => withOrigin(c, { file }));
}

function extractByKind(name: string, bytes: Uint8Array, opts: ExtractOptions): Candidate[] | Promise<Candidate[]> {
  const text = readText(name, bytes);
  switch (fileKind(name, text)) {
    case 'html': return extractFromHtml(text, opts, name.split(/[\\/]/).pop() || undefined);
    case 'eml': return extractFromEml(bytes, opts, name);
    case 'vcf': return extractFromVcf(text, opts);
    default: return extractFromText(text, opts);
  }
}
