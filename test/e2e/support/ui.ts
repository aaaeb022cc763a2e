import { afterAll, beforeAll } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { CHROMIUM, EXTENSION_DIR, newProfileDir } from './browser.ts';

/**
 * The built extension with host access to 127.0.0.1: stands in for the activeTab grant a user
 * gives by clicking the toolbar button on a page (headless tests cannot click the toolbar).
 * Everything else is the extension as built.
 */
export function extensionWithPageAccess(extraHosts: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-ext-'));
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.host_permissions = [...(manifest.host_permissions ?? []), 'http://127.0.0.1/*', ...extraHosts];
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return dir;
}

export type Launched = { context: BrowserContext; extensionId: string; profileDir: string };

export async function launchExtension(opts: { profileDir?: string; extensionDir?: string; colorScheme?: 'light' | 'dark' } = {}): Promise<Launched> {
  const profileDir = opts.profileDir ?? newProfileDir();
  const ext = opts.extensionDir ?? extensionWithPageAccess();
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    colorScheme: opts.colorScheme ?? 'light',
    args: [
      '--no-sandbox', '--disable-gpu', `--disable-extensions-except=${ext}`, `--load-extension=${ext}`,
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    ],
  });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 30_000 });
  return { context, extensionId: new URL(worker.url()).host, profileDir };
}

/** Opens an extension page, failing the test on any page error or dialog (an XSS would raise one). */
export async function openPage(l: Launched, path: string, viewport = { width: 360, height: 900 }): Promise<Page> {
  const p = await l.context.newPage();
  await p.setViewportSize(viewport);
  p.on('pageerror', (e) => console.error(`[${path}] page error:`, e.message));
  p.on('dialog', (d) => { throw new Error(`Unexpected dialog on ${path}: ${d.message()}`); });
  await p.goto(`chrome-extension://${l.extensionId}/${path}`);
  return p;
}

/** A tiny fixture server on 127.0.0.1: path → HTML. */
export async function serveFixtures(pages: Record<string, string>): Promise<{ url: (path: string) => string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const body = pages[req.url ?? '/'];
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  // The browser keeps its connections alive: closing only stops new ones and waited ~60 s for those.
  return { url: (p) => `http://127.0.0.1:${port}${p}`, close: () => new Promise((r) => { server.close(() => r()); server.closeAllConnections(); }) };
}

export const SCREENS_DIR = resolve('test-results/screens');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENS_DIR, `${name}.png`), fullPage: true });
}

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** axe-core on the page as it is: the serious and critical violations (none expected). */
export async function axeSerious(page: Page): Promise<string[]> {
  // Extension pages forbid inline scripts (MV3 CSP), so addScriptTag is refused there; DevTools
  // evaluation is not subject to the page's CSP.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(readFileSync(resolve('node_modules/axe-core/axe.min.js'), 'utf8'));
  const violations = (await page.evaluate(async () => (await (globalThis as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe.run()).violations)) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

/** Sends an engine call from an extension page, as the UI does (for checks the UI can't show). */
export async function engineCall(page: Page, call: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  return page.evaluate(async (c) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ target: 'engine', v: 1, call: c }), call) as never;
}

/** A cold try's start: the extension, its dashboard open once the engine answers, and `call` (an engine call that throws on a refusal). */
export async function launchWithEngine(): Promise<{ l: Launched; admin: Page; call: (c: unknown) => Promise<Record<string, string>> }> {
  const l = await launchExtension();
  const admin = await openPage(l, 'dashboard.html', { width: 1280, height: 900 });
  for (let i = 0; i < 100 && !(await engineCall(admin, { op: 'ping' }).catch(() => undefined))?.ok; i++) await admin.waitForTimeout(150);
  const call = async (c: unknown) => { const r = await engineCall(admin, c); if (!r.ok) throw new Error(JSON.stringify(r)); return r.value as Record<string, string>; };
  return { l, admin, call };
}

/** Opens an extension page at a route, in a colour scheme, once its heading is there. */
export function routeOpener(l: Launched) {
  return async (page: string, hash: string, heading: string, width: number, theme: 'light' | 'dark' = 'light'): Promise<Page> => {
    const p = await openPage(l, `${page}#/${hash}`, { width, height: 900 });
    await p.emulateMedia({ colorScheme: theme });
    await p.getByRole('heading', { name: heading, level: 2, exact: true }).waitFor({ timeout: 15_000 });
    return p;
  };
}

/**
 * A cold try for a describe block: the extension launched before its tests (before the block's
 * own beforeAll, which may seed through `call`), closed after; `open` opens a route.
 */
export function useColdTry() {
  let t: Awaited<ReturnType<typeof launchWithEngine>>;
  beforeAll(async () => { t = await launchWithEngine(); });
  afterAll(async () => { await t?.l.context.close(); });
  return {
    call: (c: unknown) => t.call(c),
    open: (...a: Parameters<ReturnType<typeof routeOpener>>) => routeOpener(t.l)(...a),
    get l() { return t.l; },
  };
}
