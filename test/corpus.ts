import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the shared corpus (other projects' fixtures with answer keys, never copied here) is:
 * `$OUTPOST_CORPUS`; `../shared/corpus` beside this checkout; or, for a clone made elsewhere
 * (CI and fresh-clone checks clone into a temporary folder), beside the checkout it was cloned
 * from (`remote.origin.url` when that is a local path). No corpus is an error, not a skip.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function originDir(): string | null {
  try {
    const url = execFileSync('git', ['-C', ROOT, 'config', '--get', 'remote.origin.url'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const path = url.startsWith('file://') ? fileURLToPath(url) : url;
    return isAbsolute(path) && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function find(): string {
  const origin = originDir();
  const tried = [process.env.OUTPOST_CORPUS, join(ROOT, '../shared/corpus'), origin && join(origin, '../shared/corpus')].filter((p): p is string => !!p);
  const found = tried.find((p) => existsSync(join(p, 'INDEX.md')));
  if (!found) throw new Error(`The shared corpus was not found (looked in: ${tried.join(', ')}). Set OUTPOST_CORPUS to its folder.`);
  return found;
}

/** The corpus folder, with a trailing slash. */
export const CORPUS = `${find()}/`;
