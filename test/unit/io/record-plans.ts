/**
 * Writes `test/fixtures/io/plans-recorded.json`: the digest of every corpus file's import plan
 * (`plan-once.test.ts` compares against it). Run it only when an import rule changes on purpose
 * (a mapping, a check, a normalisation), after reading the plans that changed, and say in the
 * commit which rule changed them: `OUTPOST_CORPUS=… npx tsx test/unit/io/record-plans.ts`.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { planImport, runImport } from '../../../src/io/import.ts';
import { CORPUS, corpusFile, FIXTURES, newRepo } from './helpers.ts';
import { caseName, corpusImportFiles, planCases, planDigest, stableExisting } from './plan-digest.ts';

const out: Record<string, string> = {};
for (const c of planCases(corpusImportFiles(CORPUS))) {
  const repo = newRepo();
  const bytes = corpusFile(c.file);
  if (c.scenario === 'again') await runImport(repo, bytes, { as: c.as, duplicates: 'create', confirmInvalid: true }).catch(() => {});
  const opts = { as: c.as, duplicates: c.scenario === 'again' ? 'update' as const : 'skip' as const, existing: stableExisting(repo) as never };
  try {
    out[caseName(c)] = planDigest(await planImport(repo, bytes, opts));
  } catch (e) {
    out[caseName(c)] = `error ${(e as { code?: string }).code} ${planDigest((e as Error).message)}`;
  }
}
writeFileSync(resolve(FIXTURES, process.argv[2] ?? 'plans-recorded.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log(`${Object.keys(out).length} plans recorded`);
