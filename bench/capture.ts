import { readFileSync, readdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { extractFromDocument } from '../src/capture/document.ts';
import type { BenchResult } from './types.ts';
import { CORPUS } from '../test/corpus.ts';

const TARGET_BYTES = 2 * 1024 * 1024;

/** No single corpus page reaches 2 MB, so the real scraped pages of extruct-samples (songkick,
 *  wikipedia, …), largest first, are concatenated into one body — repeated until 2 MB. */
export function twoMegabytePage(): { html: string; files: number } {
  const dir = join(CORPUS, 'extruct-samples/tests/samples');
  const pages = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => p.endsWith('.html'))
    .map((p) => join(dir, p))
    .sort((a, b) => statSync(b).size - statSync(a).size)
    .map((p) => readFileSync(p, 'utf8').replace(/<\/?(html|head|body|!doctype)[^>]*>/gi, ''));
  let body = '';
  let files = 0;
  while (body.length < TARGET_BYTES) body += pages[files++ % pages.length];
  return { html: `<!doctype html><html><head><title>bench</title></head><body>${body}</body></html>`, files };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** C1: extraction time on a ~2 MB real-world page, DOM already parsed (as in the tab). */
export async function run({ quick }: { quick: boolean }): Promise<BenchResult[]> {
  const { html, files } = twoMegabytePage();
  const { document } = parseHTML(html);
  const runs = quick ? 5 : 15;
  extractFromDocument(document, { baseUrl: 'https://example.com/', singlePass: true }); // warm-up (JIT, lazy metadata)
  const times: number[] = [];
  const walks: number[] = [];
  let found = 0;
  for (let i = 0; i < runs; i++) {
    // Baseline, interleaved so both see the same machine load: one walk over every element,
    // reading each one's attributes (the least any extractor of this page must do).
    let t0 = performance.now();
    let attrs = 0;
    for (const el of document.querySelectorAll('*')) attrs += el.attributes.length;
    walks.push(performance.now() - t0 + (attrs < 0 ? 1 : 0));
    t0 = performance.now();
    found = extractFromDocument(document, { baseUrl: 'https://example.com/', singlePass: true }).length;
    times.push(performance.now() - t0);
  }
  const value = Math.round(median(times) * 10) / 10;
  const baseline = Math.round(median(walks) * 10) / 10;
  return [{
    id: 'C1',
    value,
    unit: 'ms',
    baseline,
    ratio: Math.round((value / baseline) * 100) / 100,
    goal: '<= 50 ms',
    note: `median of ${runs}; ${(html.length / 1048576).toFixed(2)} MB page built by concatenating ${files} extruct-samples pages (no single corpus page is 2 MB); linkedom DOM in Node, parse excluded, one pass over the elements as extractFromHtml does; ${found} candidates; baseline: one querySelectorAll('*') walk reading every element's attributes, interleaved with the runs; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs when measured`,
  }];
}
