// Debian packages the tests need: Chromium (E2E, benchmarks) and redis-server (relay scale-out).
// Installed with apt-get when missing and we may (root); otherwise a clear message says what to do.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const NEEDED = [
  { bin: '/usr/bin/chromium', pkg: 'chromium', why: 'end-to-end tests and benchmarks' },
  { bin: '/usr/bin/redis-server', pkg: 'redis-server', why: 'the relay scale-out tests' },
];

export function ensureSystemDeps() {
  const missing = NEEDED.filter((d) => !existsSync(d.bin));
  if (missing.length === 0) return;
  const pkgs = missing.map((d) => d.pkg).join(' ');
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('which', ['apt-get']).status === 0;
  if (!isRoot || !hasApt) {
    console.error(`Missing: ${missing.map((d) => `${d.pkg} (${d.why})`).join(', ')}.\nInstall them with: sudo apt-get install -y ${pkgs}`);
    process.exit(1);
  }
  console.log(`Installing ${pkgs} from Debian…`);
  execSync('apt-get update -qq', { stdio: 'inherit' });
  execSync(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkgs}`, { stdio: 'inherit' });
  // Installing redis-server starts a service on 6379 on some systems; tests start their own.
}
