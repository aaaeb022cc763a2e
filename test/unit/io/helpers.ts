import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createDocs } from '../../../src/store/docs.ts';
import { seedDefaults } from '../../../src/store/config-store.ts';
import { Repository } from '../../../src/store/repository.ts';

/** Third-party fixtures are read in place, never copied into the repo. */
import { CORPUS } from '../../corpus.ts';
export { CORPUS };
export const FIXTURES = resolve(process.cwd(), 'test/fixtures/io');
export const corpusFile = (path: string) => new Uint8Array(readFileSync(resolve(CORPUS, path)));
export const fixture = (name: string) => new Uint8Array(readFileSync(resolve(FIXTURES, name)));

/** A seeded in-memory workspace, as the CLI's --local mode and a fresh profile start. */
export function newRepo(memberId = 'admin', now?: () => number) {
  const docs = createDocs();
  seedDefaults(docs.config, { id: memberId, name: 'Admin', email: 'admin@outpost.test' });
  return new Repository({ docs, actor: { memberId, role: 'admin' }, now });
}
