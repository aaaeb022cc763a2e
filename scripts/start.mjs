// `npm start`: builds the extension, starts the relay on 127.0.0.1 with its embedded store, and
// opens Chromium with the extension loaded when a display exists; otherwise says how to load it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const ext = resolve('.output/chrome-mv3');
const dataDir = resolve('.data/relay');
const port = process.env.OUTPOST_RELAY_PORT ?? '1234';
mkdirSync(dataDir, { recursive: true });

const build = spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const relay = spawn('npx', ['tsx', 'sync-server/main.ts', '--data', dataDir, '--port', port], { stdio: 'inherit' });
const children = [relay];
const stop = () => { for (const c of children) c.kill('SIGTERM'); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
relay.on('exit', (code) => { console.error(`The relay stopped (exit ${code}).`); process.exit(code ?? 1); });

console.log(`\nOutpost relay: ws://127.0.0.1:${port}  (data in ${dataDir})`);
console.log(`Create a team workspace and an invite: npm run relay -- admin --help`);
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);
if ((process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && chromium) {
  const profile = resolve('.data/chromium-profile');
  children.push(spawn(chromium, [`--user-data-dir=${profile}`, `--disable-extensions-except=${ext}`, `--load-extension=${ext}`, '--no-first-run', `chrome-extension://`], { stdio: 'ignore' }));
  console.log(`Chromium is open with Outpost loaded: click the Outpost icon to open the side panel.`);
} else {
  console.log(`\nNo display here. The built extension is in ${ext}\nLoad it: open chrome://extensions, turn on Developer mode, "Load unpacked", choose that folder.`);
  console.log(`(Firefox: npm run build:firefox, then about:debugging → Load Temporary Add-on → .output/firefox-mv3/manifest.json)`);
}
console.log('Press Ctrl-C to stop.');
