import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type InlineConfig, type Rolldown } from 'vite';
import { parseHTML } from 'linkedom';
import wxtConfig from '../../../wxt.config.ts';

/**
 * The extension's build options keep what Preact does on unmount. The side-panel split was
 * reverted once because leaving a record never ran the record page's effect cleanups (its model's
 * `dispose`: a teammate kept showing as "Also here"). The cause was a tree-shaking option,
 * `manualPureFunctions: ['z']`, meant for zod's `z.object(…)`: it is matched by name in every
 * module, and Preact's minified files call their own `z`, the hooks' cleanup runner (in
 * `options.unmount`) and the core's style setter, for their effects; the build dropped both calls.
 * So this builds a small app shaped like the side panel (a keyed record page in a lazy chunk) with
 * the options of `wxt.config.ts`, runs the bundle on a DOM and checks the effects are still there.
 */
const here = dirname(new URL(import.meta.url).pathname);
type App = { preload(): Promise<void>; show(root: Element, id: string | null, log: string[], wide?: boolean): void };

async function buildWithExtensionOptions(outDir: string): Promise<App> {
  const vite = typeof wxtConfig.vite === 'function' ? await wxtConfig.vite({ mode: 'production', command: 'build', browser: 'chrome', manifestVersion: 3 } as never) : {};
  const config: InlineConfig = {
    ...vite,
    configFile: false,
    logLevel: 'silent',
    root: resolve(here, '../../..'),
    build: {
      ...vite.build,
      write: false,
      minify: true,
      rolldownOptions: {
        ...vite.build?.rolldownOptions,
        input: join(here, 'effects-app.tsx'),
        preserveEntrySignatures: 'strict',
        output: { format: 'es', entryFileNames: 'app.js', chunkFileNames: '[name].js' },
      },
    },
  };
  const out = await build(config) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
  for (const o of [out].flat()) {
    for (const file of o.output) {
      const path = join(outDir, file.fileName);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.type === 'chunk' ? file.code : file.source);
    }
  }
  return import(pathToFileURL(join(outDir, 'app.js')).href) as Promise<App>;
}

describe('the extension build keeps effect cleanups (bundled with wxt.config.ts options)', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'outpost-bundle-'));
  let app: App;
  let root: Element;
  /** A few frames pass: Preact runs the effects of the last render. */
  const frames = () => new Promise((r) => setTimeout(r, 100));

  beforeAll(async () => {
    const { window, document } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
    Object.assign(globalThis, { window, document });
    root = document.getElementById('root') as unknown as Element;
    app = await buildWithExtensionOptions(outDir);
    await app.preload();
  }, 120_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('runs a lazily loaded page\'s cleanup when it is left, and when another record replaces it', async () => {
    const log: string[] = [];
    app.show(root, 'a', log);
    await frames();
    expect(log).toEqual(['open a']);
    app.show(root, 'b', log); // another record: the keyed page is replaced
    await frames();
    expect(log).toEqual(['open a', 'close a', 'open b']);
    app.show(root, null, log); // back to the list
    await frames();
    expect(log).toEqual(['open a', 'close a', 'open b', 'close b']);
  });

  it('removes a style property a re-render no longer sets', async () => {
    const log: string[] = [];
    app.show(root, 'c', log, true);
    await frames();
    const page = () => root.querySelector('#page') as HTMLElement;
    expect(page().style.width).toBe('10px');
    app.show(root, 'c', log, false);
    expect(page().style.width).toBe('');
    expect(page().style.color).toBe('red');
    app.show(root, null, log);
  });
});
