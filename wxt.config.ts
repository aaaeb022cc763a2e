import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { resolve } from 'node:path';

const SIDE_EFFECT_FREE = /\/src\/domain\/|\/node_modules\/tldts(-core)?\//;

/**
 * The side panel's code before its first render in two chunks, each with what its modules
 * import (docs/architecture.md, "The side panel's first paint"): what its entry runs to start
 * the early reads ("panel-entry": the profile, the first page, the list's window) and the
 * composition root's boot, models, design system and Preact ("panel-boot"). Before, the same
 * 81 KB came in 12 files (each a request and a module to link, on a busy machine); now 6. The
 * dashboard imports every module of both too (it loads 26 files instead of 32, and nothing it
 * did not load before); the panel's own modules (its list, shell, page scan) stay in its entry
 * and root chunks. The offscreen engine loads panel-entry for the profile: ~5 KB of it (the
 * first-page read) it does not run. Rolldown's `codeSplitting` groups (Vite 8 builds with it).
 */
const PANEL_CHUNKS: [string, RegExp][] = [
  ['panel-entry', /\/src\/ext\/(early-list|browser-storage|profile)\.ts$|\/src\/ui\/models\/list-window\.ts$|preload-helper|virtual:wxt-html-plugins|modulepreload-polyfill|rolldown[:/]runtime/],
  ['panel-boot', /\/src\/ext\/boot\.ts$|\/src\/ui\/ds\/index\.ts$|\/src\/ui\/(leads\/LeadFilters\.tsx|app\/(NewMenu|StatusBar|lazy)\.tsx|app\/shortcuts\.ts|records\/labels\.ts)$|\/node_modules\/(preact|@preact\/signals(-core)?)\//],
];

/** PANEL_CHUNKS in the pages' build (the background and content scripts are one IIFE file each: no chunks). */
const panelChunks = () => ({
  name: 'outpost:panel-chunks',
  outputOptions<T extends { format?: string; codeSplitting?: unknown }>(options: T): T {
    if (options.format === 'iife' || options.codeSplitting === false) return options;
    const groups = PANEL_CHUNKS.map(([chunk, test], i) => ({ name: (id: string) => (test.test(id) ? chunk : null), priority: PANEL_CHUNKS.length - i }));
    return { ...options, codeSplitting: { groups } };
  },
});

/**
 * The chunks an HTML page's entry imports with `import()` (its composition root, which the entry
 * starts loading as soon as it has started its early reads), and what they import, preloaded from
 * the HTML (`<link rel="modulepreload">`: fetched, not run): before, their fetch started only once
 * the entry had been fetched and run, a second round of file reads before the first render
 * (~40-90 ms on this machine under load; docs/architecture.md, "The side panel's first paint").
 * Only the entry chunk's own `import()`s: a lazy view's chunk deeper in the graph is not fetched early.
 */
const preloadEntryImports = () => ({
  name: 'outpost:preload-entry-imports',
  transformIndexHtml: {
    order: 'post' as const,
    handler(html: string, ctx: { chunk?: { dynamicImports: string[] }; bundle?: Record<string, { type: string; imports?: string[] }> }) {
      const { chunk, bundle } = ctx;
      if (!chunk || !bundle) return html;
      const files = new Set<string>();
      const add = (file: string) => {
        const out = bundle[file];
        if (files.has(file) || out?.type !== 'chunk') return;
        files.add(file);
        out.imports?.forEach(add);
      };
      chunk.dynamicImports.forEach(add);
      const tags = [...files].filter((f) => !html.includes(`"/${f}"`))
        .map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` }, injectTo: 'head' as const }));
      return { html, tags };
    },
  },
});

// WXT has no Preact module: the Vite preset is the supported way in.
export default defineConfig({
  // No auto-imports: every module imports what it uses. unimport guesses free identifiers by
  // pattern: it read parameters named `storage` (src/ext/profile.ts, relay.ts, …) as WXT's
  // `storage`, and added @wxt-dev/storage (8.7 KB, and a `createStorage()` run at load) to the
  // side panel's entry chunk, the engine and the background, none of which use it; the word
  // "browser" in a notice's text put `wxt/browser` into UI components. `imports: false` drops the
  // global declarations (a free `storage` is a type error), but WXT still adds unimport's plugin
  // with every auto-import: `autoImport = false` turns that off (test/unit/build/auto-imports.test.ts).
  imports: false,
  hooks: {
    'config:resolved': (wxt) => { Object.assign(wxt.config.imports, { autoImport: false }); },
  },
  vite: () => ({
    plugins: [preact(), panelChunks(), preloadEntryImports()],
    // The side panel's first list loads only the list's code (docs/architecture.md, "The side
    // panel's first paint"). src/domain (but zod.ts, whose jitless `config` call must run
    // wherever zod does) and tldts have no import-time effects beyond their own module, so a
    // module none of whose exports a page uses is left out (a barrel import of `displayName` no
    // longer brings every schema). No `manualPureFunctions`: it matches a callee's name in every
    // module, and minified libraries call short names for their effects (['z'], meant for zod,
    // dropped Preact's effect cleanups and style writes: test/unit/build/bundle-effects.test.ts).
    build: { rolldownOptions: {
      treeshake: { moduleSideEffects: (id: string) => !SIDE_EFFECT_FREE.test(id) || id.endsWith('/src/domain/zod.ts') },
    } },
    // linkedom is the Node DOM for the CLI and tests; pages have a real one (see the stub).
    resolve: { alias: { linkedom: resolve(import.meta.dirname, 'src/ext/linkedom-browser.ts') } },
  }),
  manifest: ({ browser }) => ({
    name: 'Outpost CRM',
    description: 'Capture leads from any page or email and keep your team in sync.',
    permissions: ['storage', 'activeTab', 'scripting', 'contextMenus', 'notifications', 'alarms',
      ...(browser !== 'firefox' ? ['sidePanel', 'offscreen'] : [])],
    action: { default_title: 'Open Outpost' },
    optional_host_permissions: ['https://mail.google.com/*', 'https://outlook.office.com/*', 'https://outlook.live.com/*'],
    ...(browser === 'firefox'
      ? {
        browser_specific_settings: {
          gecko: {
            id: 'outpost@outpost.local',
            // 140: the ESR that has the data consent key below (128's support has ended).
            strict_min_version: '140.0',
            // Firefox's built-in data consent (required of new add-ons): Outpost sends nothing to
            // its makers or to third parties. Records leave the device only for the relay the
            // team itself runs, at the address a member types in, which is the user's own doing.
            data_collection_permissions: { required: ['none'] },
          },
          gecko_android: { strict_min_version: '142.0' },
        },
      }
      : {}),
  }),
});
