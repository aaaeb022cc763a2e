import type { BenchResult } from './types.ts';
import { BENCH_EXT, buildBenchExtension } from './support/ui-seed.ts';
import { launchExtension, type Launched } from '../test/e2e/support/ui.ts';
import { createTeam, editSeenAfter, joinTeam, relayProcess } from '../test/e2e/support/team.ts';

/**
 * U3 (issue 7, journey 3: "an edit in one shows in the other within 2 s"): two Chromium
 * profiles joined to one relay (a child process on 127.0.0.1) through the first-run UI, both
 * with one lead open; a field edited in A → the same field in B shows it. Median and max of N.
 */
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run({ quick }: { quick: boolean }): Promise<BenchResult[]> {
  buildBenchExtension();
  const relay = await relayProcess();
  const browsers: Launched[] = [];
  try {
    const team = await createTeam(relay, [{ name: 'Bob', role: 'member' }]);
    browsers.push(await launchExtension({ extensionDir: BENCH_EXT }), await launchExtension({ extensionDir: BENCH_EXT }));
    const [a, b] = [await joinTeam(browsers[0], 'Alice', team.links[0]), await joinTeam(browsers[1], 'Bob', team.links[1])];
    await a.getByLabel('First name', { exact: true }).fill('Grace');
    await a.getByLabel('Last name', { exact: true }).fill('Hopper');
    await a.getByRole('button', { name: 'Save lead' }).click();
    await a.getByRole('button', { name: 'open it' }).click({ timeout: 30_000 });
    await b.getByRole('listitem').filter({ hasText: 'Grace Hopper' }).click({ timeout: 30_000 });
    for (const p of [a, b]) await p.getByRole('heading', { name: 'Grace Hopper' }).waitFor({ timeout: 30_000 });
    const runs: number[] = [];
    for (let i = 0; i < (quick ? 5 : 15); i++) runs.push(await editSeenAfter(a, b, { id: 'f-title', label: 'Title' }, `Title ${i}`, 30_000));
    return [{
      id: 'U3', value: median(runs), unit: 'ms', baseline: null, ratio: null, goal: '<= 2000 ms',
      note: `team edit latency: field saved in browser A → shown in browser B through the relay, median of ${runs.length}; max ${Math.max(...runs)} ms`,
    }];
  } finally {
    await Promise.all(browsers.map((l) => l.context.close()));
    await relay.dispose();
  }
}
