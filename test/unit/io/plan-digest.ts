import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Plans of the corpus's files, made comparable across code versions without copying the corpus:
 * each plan as plain data, the ids it made (rows, companies, duplicates found) replaced by their
 * order of appearance, then hashed. `test/fixtures/io/plans-recorded.json` holds the digests
 * `record-plans.ts` wrote: main 9462e3f's `planImport` (before the check was shared by preview and
 * import), and since, only what a deliberate rule change altered (see plan-once.test.ts).
 */
const GENERATED_ID = /^[0-9a-f]{20}$/;

export function planDigest(plan: unknown): string {
  const ids = new Map<string, string>();
  const text = JSON.stringify(plan, (_k, v: unknown) => {
    if (typeof v !== 'string' || !GENERATED_ID.test(v)) return v;
    if (!ids.has(v)) ids.set(v, `#${ids.size}`);
    return ids.get(v);
  });
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** Every CSV and vCard file of the corpus, as paths inside it. */
export function corpusImportFiles(corpus: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(csv|vcf)$/i.test(name)) out.push(relative(corpus, path));
    }
  };
  walk(corpus);
  return out;
}

export type PlanCase = { file: string; as: 'leads' | 'people' | 'companies'; scenario: 'fresh' | 'again' };

/** Each file as leads and people (CSV files also as companies); planned fresh, and again after importing it once. */
export function planCases(files: string[]): PlanCase[] {
  const cases: PlanCase[] = [];
  for (const file of files) {
    const types = file.toLowerCase().endsWith('.csv') ? (['leads', 'people', 'companies'] as const) : (['leads', 'people'] as const);
    for (const as of types) for (const scenario of ['fresh', 'again'] as const) cases.push({ file, as, scenario });
  }
  return cases;
}

export const caseName = (c: PlanCase) => `${c.file} as ${c.as} (${c.scenario})`;

/**
 * The workspace's records in an order that does not depend on their (random) ids: which of two
 * existing records sharing an email a row is a duplicate of is the first listed, so a digest of
 * the plan would otherwise change from run to run.
 */
export function stableExisting(repo: { list(type: never): unknown[] }) {
  const key = (r: unknown) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'string' && GENERATED_ID.test(v) ? '' : v));
  return (type: string) => (repo.list(type as never) as Record<string, unknown>[]).map((r) => [key(r), r] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}
