import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './process.ts';
import { tempDir } from './helpers.ts';

/**
 * A real Debian `redis-server` on 127.0.0.1, in a temp dir, with the persistence the relay's
 * durability promise needs: append-only file, fsync on every write.
 */
export async function startRedis() {
  const temp = await tempDir('outpost-redis-');
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', temp.dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], { stdio: 'ignore' });
    const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: null });
    probe.on('error', () => {});
    await probe.connect().catch(() => {});
    await probe.ping();
    probe.disconnect();
  };
  const exit = async (signal: NodeJS.Signals) => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };
  await start();
  return {
    url,
    /** Redis gone at once (kill -9), its append-only file kept: `start` brings it back with what it had acknowledged. */
    crash: () => exit('SIGKILL'),
    start,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) await exit('SIGTERM');
      await temp.remove();
    },
  };
}
