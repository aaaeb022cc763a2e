import type { Candidate, ExtractOptions } from './candidate.ts';
import { extractFromHtml } from './html.ts';
import { extractFromEml } from './eml.ts';
import { extractFromText } from './selection.ts';
import { withOrigin } from './draft.ts';
import { extractFromVcf } from './vcard.ts';

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

/** Text of a file's bytes: UTF-16 with a BOM (some vCard exports), else UTF-8. */
export function decodeBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

/** One entry point for a dropped or saved file (side panel drop, CLI). */
export async function extractFromFile(name: string, bytes: Uint8Array, opts: ExtractOptions = {}): Promise<Candidate[]> {
  const file = name.split(/[\\/]/).pop();
  return (await extractByKind(name, bytes, opts)).map((c) => withOrigin(c, { file }));
}

function extractByKind(name: string, bytes: Uint8Array, opts: ExtractOptions): Candidate[] | Promise<Candidate[]> {
  const text = decodeBytes(bytes);
  switch (fileKind(name, text)) {
    case 'html': return extractFromHtml(text, opts);
    case 'eml': return extractFromEml(bytes, opts);
    case 'vcf': return extractFromVcf(text, opts);
    default: return extractFromText(text, opts);
  }
}
