import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSqliteExperimentalWarning, quietSqliteWarning } from '../../../sync-server/quiet-warnings.ts';
import { tempDir } from './helpers.ts';

const root = new URL('../../../', import.meta.url).pathname;

describe('relay start: no node:sqlite ExperimentalWarning, other warnings kept', () => {
  it('starts as its own process without printing the SQLite experimental warning', async () => {
    const temp = await tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'sync-server/main.ts'), '--port', '0', '--data', temp.dir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => { if (/Outpost relay on http/.test(output)) { clearInterval(timer); resolve(); } }, 20);
      void exited.then((code) => { clearInterval(timer); reject(new Error(`relay exited with ${code}: ${output}`)); });
    });
    child.kill('SIGTERM');
    await exited;
    expect(output).toMatch(/Outpost relay on http:\/\/127\.0\.0\.1:\d+/);
    expect(output).not.toMatch(/ExperimentalWarning|SQLite is an experimental/);
    await temp.remove();
  });

  it('drops only the SQLite experimental warning', () => {
    const seen: unknown[][] = [];
    const proc = { emitWarning: ((...args: unknown[]) => { seen.push(args); }) as typeof process.emitWarning };
    const undo = quietSqliteWarning(proc);
    proc.emitWarning('SQLite is an experimental feature and might change at any time', 'ExperimentalWarning');
    proc.emitWarning('SQLite is an experimental feature', { type: 'ExperimentalWarning' });
    proc.emitWarning(Object.assign(new Error('SQLite is an experimental feature'), { name: 'ExperimentalWarning' }));
    proc.emitWarning('The Fetch API is an experimental feature', 'ExperimentalWarning');
    proc.emitWarning('SQLite database is locked', 'Warning');
    proc.emitWarning('Buffer() is deprecated', 'DeprecationWarning', 'DEP0005');
    expect(seen.map((a) => String(a[0]))).toEqual(['The Fetch API is an experimental feature', 'SQLite database is locked', 'Buffer() is deprecated']);
    expect(seen[2]).toEqual(['Buffer() is deprecated', 'DeprecationWarning', 'DEP0005']);
    undo();
    proc.emitWarning('SQLite is an experimental feature', 'ExperimentalWarning');
    expect(seen).toHaveLength(4);
    expect(isSqliteExperimentalWarning('SQLite is an experimental feature')).toBe(false); // a plain Warning
  });
});
