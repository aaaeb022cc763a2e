import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer } from 'node:net';

const root = new URL('../../../', import.meta.url).pathname;

/** The relay as its own process (`node --import tsx sync-server/main.ts`), for kill -9 tests. */
export async function spawnRelay(args: string[]): Promise<{ child: ChildProcess; httpUrl: string; wsUrl: string; kill(signal?: NodeJS.Signals): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'sync-server/main.ts'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const started = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /Outpost relay on (http:\/\/\S+)/.exec(output);
      if (m) resolve(m[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`relay exited with ${code}: ${output}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    httpUrl: started,
    wsUrl: started.replace('http', 'ws'),
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      child.kill(signal);
      await exited;
    },
  };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function operatorKey(dataDir: string) {
  return (await readFile(join(dataDir, 'operator.key'), 'utf8')).trim();
}

export async function createWorkspaceOver(httpUrl: string, key: string) {
  const res = await fetch(`${httpUrl}/admin/workspaces`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Crash' }) });
  return (await res.json()) as { workspace: { id: string }; invite: { token: string } };
}
