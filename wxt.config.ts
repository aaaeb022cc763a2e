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

// WXT has no Preact module: the Vite preset is the supported way in.
export default defineConfig({
  vite: () => ({
    plugins: [preact(), panelChunks()],
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
      ? { browser_specific_settings: { gecko: { id: 'outpost@outpost.local', strict_min_version: '128.0' } } }
      : {}),
  }),
});
