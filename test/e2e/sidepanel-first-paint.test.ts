import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { EXTENSION_DIR, launch, newProfileDir, openExtensionPage } from './support/browser.ts';

/**
 * The side panel's first list loads only the list's code (docs/architecture.md, "The side
 * panel's first paint"): zod, libphonenumber and tldts (the capture form, the engine's replies'
 * validation, Known here) load after it. Each library is found by a string its code carries.
 */
const HEAVY = { zod: 'ZodString', libphonenumber: 'country_calling_codes', tldts: 'blogspot' } as const;
const chunk = (file: string) => readFileSync(join(EXTENSION_DIR, file), 'utf8');

/** Every chunk the `roots` import statically. */
function staticGraph(roots: string[]): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    // Minified static imports: `import{…}from"./x.js"` and `import"./x.js"` (not `import("./x.js")`).
    for (const m of chunk(file).matchAll(/import(?:[^();"'`]*?from)?\s*["'`]\.\/([^"'`]+\.js)["'`]/g)) queue.push(`chunks/${m[1]}`);
  }
  return [...seen];
}

/**
 * The page's scripts and what they import statically: what runs first. The classic script
 * before the entry (`/early-list.js`, entrypoints/early-list.ts) reads the list's first page.
 */
const entryGraph = (html: string) => staticGraph([...html.matchAll(/<script[^>]*\ssrc="\/((?:chunks\/)?[^"/]+\.js)"/g)].map((m) => m[1]));
/** The chunks the page's HTML preloads (fetched while the entry is, run when imported). */
const preloaded = (html: string) => new Set([...html.matchAll(/<link rel="modulepreload"[^>]*\shref="\/(chunks\/[^"]+\.js)"/g)].map((m) => m[1]));

/** The composition root the entry imports (`import("./side-panel-….js")`) and its static graph: all that runs before the first render. */
function firstRenderGraph(entry: string[]): string[] {
  const roots = entry.filter((f) => f.startsWith('chunks/sidepanel-')).flatMap((f) => [...chunk(f).matchAll(/import\(\s*["'`]\.\/([^"'`]+\.js)["'`]\s*\)/g)].map((m) => `chunks/${m[1]}`));
  expect(roots.some((f) => f.startsWith('chunks/side-panel-'))).toBe(true);
  return [...new Set([...entry, ...staticGraph(roots)])];
}

describe('side panel first paint', () => {
  const profileDir = newProfileDir();
  let context: BrowserContext | undefined;
  afterAll(async () => { await context?.close(); });

  it('loads neither zod, libphonenumber nor tldts before its first render; the capture form comes after it and saves; a second open reads its first page early', async () => {
    const html = chunk('sidepanel.html');
    const entry = entryGraph(html);
    expect(entry.some((f) => f.startsWith('chunks/sidepanel-'))).toBe(true);
    // The first page's read runs as a classic script before the module graph loads.
    expect(html.indexOf('src="/early-list.js"')).toBeGreaterThan(-1);
    expect(html.indexOf('src="/early-list.js"')).toBeLessThan(html.indexOf('type="module"'));
    // The entry only starts reading the list's first page and loading the rest: no Dexie, no Preact.
    // 11.2 KB since WXT's auto-imports are off (they added @wxt-dev/storage: 20 KB); the name
    // parser stays out too (src/domain/identity/format-name.ts). With the early read's script
    // (2.4 KB) counted, its code out of the entry chunk (−1 KB): 12.0 KB.
    expect(entry.reduce((n, f) => n + chunk(f).length, 0)).toBeLessThan(13_000);
    const graph = firstRenderGraph(entry);
    for (const [lib, marker] of Object.entries(HEAVY)) expect(graph.filter((f) => chunk(f).includes(marker)), lib).toEqual([]);
    const chunks = readdirSync(join(EXTENSION_DIR, 'chunks')).filter((f) => f.endsWith('.js')).map((f) => `chunks/${f}`);
    // Nor any of them in the read model's code, which loads right after the first rows
    // (src/ext/boot.ts): with zod (read-db.ts took the collection names from records.ts) its
    // evaluation was one task of ~45 ms on a first open (S3); read model 9's upgrade maps email
    // keys without the phone and domain rules (read-db.ts mailboxMatchKeys) to keep the other two out.
    // No library a module did not import itself (WXT's auto-imports are off, wxt.config.ts): with
    // them, @wxt-dev/storage sat in this entry (8.7 KB of its 17 KB) and in the engine.
    for (const f of [...chunks, 'background.js', 'engine-worker.js']) expect(chunk(f).includes('[@wxt-dev/storage]'), f).toBe(false);
    const readCode = chunks.filter((f) => f.startsWith('chunks/read-port-'));
    expect(readCode).toHaveLength(1);
    for (const [lib, marker] of Object.entries(HEAVY)) expect(staticGraph(readCode).filter((f) => chunk(f).includes(marker)), `read port: ${lib}`).toEqual([]);
    // Tree-shaking must keep zod's jitless config wherever zod is (MV3's CSP refuses its probe).
    for (const files of [chunks, ['background.js'], ['engine-worker.js']]) {
      if (files.some((f) => chunk(f).includes(HEAVY.zod))) expect(files.some((f) => /jitless:(!0|true)/.test(chunk(f))), files[0]).toBe(true);
    }
    const bytes = graph.reduce((n, f) => n + chunk(f).length, 0);
    expect(bytes).toBeLessThan(300_000); // 808 KB before; the list's own code is ~190 KB
    // Every chunk before the first render is fetched from the HTML, with the entry, not after the entry has run.
    expect(graph.filter((f) => !html.includes(`src="/${f}"`) && !preloaded(html).has(f))).toEqual([]);

    const first = await launch(profileDir);
    context = first.context;
    const panel = await openExtensionPage(context, first.extensionId, 'sidepanel.html');
    // The capture form (zod, libphonenumber) fills in after the first render, and works.
    await panel.getByLabel('First name').waitFor({ timeout: 30_000 });
    expect(await panel.evaluate(`performance.getEntriesByName('outpost:rendered').length`)).toBe(1);
    await panel.getByLabel('First name').fill('Ada');
    await panel.getByLabel('Email').fill('ada@engine.example');
    await panel.getByRole('button', { name: 'Save lead' }).click();
    await panel.locator('.list [role=listitem]').filter({ hasText: 'Ada' }).waitFor({ timeout: 15_000 });
    expect(await panel.evaluate(`performance.getEntriesByName('outpost:early-rows').length`)).toBe(0); // nothing to read on a first start
    // Opened again: the first page is read before the panel's code has loaded, and is the list.
    const again = await openExtensionPage(context, first.extensionId, 'sidepanel.html');
    await again.locator('.list [role=listitem]').filter({ hasText: 'Ada' }).waitFor({ timeout: 15_000 });
    expect(await again.evaluate(`performance.getEntriesByName('outpost:early-rows').length`)).toBe(1);
    // …by /early-list.js, before the page's entry module ran.
    const [started, entryRan] = await again.evaluate(`['outpost:early-start', 'outpost:entry'].map((n) => performance.getEntriesByName(n)[0]?.startTime ?? -1)`) as number[];
    expect(started).toBeGreaterThanOrEqual(0);
    expect(started).toBeLessThan(entryRan);
  });
});
