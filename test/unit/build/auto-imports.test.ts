import { describe, expect, it } from 'vitest';
import UnimportPlugin from 'unimport/unplugin';
import wxtConfig from '../../../wxt.config.ts';

/**
 * WXT adds unimport's Vite plugin to every build, with WXT's auto-imports (`storage`, `browser`,
 * `defineBackground`, …), even with `imports: false`. unimport finds "free" identifiers by
 * pattern: a parameter named `storage` (src/ext/profile.ts) read as WXT's `storage`, and put
 * @wxt-dev/storage (8.7 KB, and a `createStorage()` run at load) into the side panel's first
 * chunk, the engine and the background; the word "browser" in a notice's text put `wxt/browser`
 * into UI components. wxt.config.ts turns the plugin's auto-imports off; each module imports what
 * it uses. This runs the plugin as WXT configures it, before and after the config's hook.
 */
const WXT_LIKE = () => ({
  imports: [{ name: 'storage', from: 'wxt/utils/storage' }, { name: 'browser', from: 'wxt/browser' }],
  virtualImports: ['#imports'],
});
const SOURCES: Record<string, string> = {
  '/src/ext/profile.ts': `export async function startProfile(\n  storage: { get(k: string): Promise<unknown> }, early: Promise<unknown> | undefined, boot: (p: unknown) => void,\n) { return storage.get('x'); }`,
  '/src/ui/admin/TeamSection.tsx': `export const Note = () => <p class="notice">This workspace is kept only in this browser.</p>;`,
};

async function transformed(options: Record<string, unknown>): Promise<Record<string, string>> {
  const plugin = UnimportPlugin.raw(options, { framework: 'vite' } as never) as unknown as {
    buildStart(): Promise<void>; transform(code: string, id: string): Promise<{ code: string } | undefined>;
  };
  await plugin.buildStart();
  const out: Record<string, string> = {};
  for (const [id, code] of Object.entries(SOURCES)) out[id] = (await plugin.transform(code, id))?.code ?? code;
  return out;
}

describe('auto-imports', () => {
  it("WXT's plugin would add imports our modules never asked for; the config's hook stops it", async () => {
    const before = await transformed(WXT_LIKE());
    expect(before['/src/ext/profile.ts']).toContain('wxt/utils/storage');
    expect(before['/src/ui/admin/TeamSection.tsx']).toContain('wxt/browser');

    const resolved = { imports: WXT_LIKE() } as { imports: Record<string, unknown> };
    expect(wxtConfig.imports).toBe(false);
    const hook = (wxtConfig.hooks as Record<string, (wxt: { config: typeof resolved }) => void>)['config:resolved'];
    hook({ config: resolved });
    const after = await transformed(resolved.imports);
    for (const [id, code] of Object.entries(after)) expect(code, id).toBe(SOURCES[id]);
  });
});
