import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of the Chromium a bench started, thread by thread, from Linux's /proc: what a figure
 * costs in work, which a machine shared with other jobs does not inflate as it does wall time
 * (docs/architecture.md, helper p7b, session 14). Null where /proc is not there.
 */
export type ThreadCpu = Map<string, number>;

const TICKS_PER_S = 100; // USER_HZ: clock ticks of /proc/<pid>/stat's utime and stime

/** The fields of a /proc stat line after its "(name)", and the name. */
function statOf(path: string): { name: string; fields: string[] } | null {
  try {
    const s = readFileSync(path, 'utf8');
    return { name: s.slice(s.indexOf('(') + 1, s.lastIndexOf(')')), fields: s.slice(s.lastIndexOf(')') + 2).split(' ') };
  } catch {
    return null; // the process or thread ended meanwhile
  }
}

/** The browser process started with `--user-data-dir=<profileDir>` and every process under it. */
function processesOf(profileDir: string): number[] {
  const parent = new Map<number, number>();
  let browser = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const st = statOf(`/proc/${d}/stat`);
    if (!st) continue;
    parent.set(Number(d), Number(st.fields[1]));
    if (!browser) {
      try {
        const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
        if (cmd.includes(`--user-data-dir=${profileDir}`) && !cmd.includes('--type=')) browser = Number(d);
      } catch { /* ended */ }
    }
  }
  if (!browser) return [];
  const out = [browser];
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of parent) if (!out.includes(pid) && out.includes(ppid)) { out.push(pid); grew = true; }
  }
  return out;
}

/** CPU ms so far of every thread of that Chromium, keyed `pid:tid:name`. */
export function chromiumThreads(profileDir: string): ThreadCpu | null {
  let pids: number[];
  try { pids = processesOf(profileDir); } catch { return null; }
  if (!pids.length) return null;
  const out: ThreadCpu = new Map();
  for (const pid of pids) {
    let tids: string[] = [];
    try { tids = readdirSync(`/proc/${pid}/task`); } catch { continue; }
    for (const tid of tids) {
      const st = statOf(`/proc/${pid}/task/${tid}/stat`);
      if (st) out.set(`${pid}:${tid}:${st.name}`, ((Number(st.fields[11]) + Number(st.fields[12])) / TICKS_PER_S) * 1000);
    }
  }
  return out;
}

/**
 * CPU ms between two snapshots: the engine's Worker thread ("DedicatedWorker"), the browser's
 * thread pool (where IndexedDB commits run, among other tasks) and every thread together.
 */
export function cpuBetween(before: ThreadCpu | null, after: ThreadCpu | null): { worker: number; pool: number; all: number } | null {
  if (!before || !after) return null;
  const sum = { worker: 0, pool: 0, all: 0 };
  for (const [key, ms] of after) {
    const d = ms - (before.get(key) ?? 0);
    const name = key.split(':').slice(2).join(':');
    sum.all += d;
    if (name.startsWith('DedicatedWorker')) sum.worker += d;
    if (name.startsWith('ThreadPoolForeg')) sum.pool += d;
  }
  return { worker: Math.round(sum.worker), pool: Math.round(sum.pool), all: Math.round(sum.all) };
}
