import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { resolve } from 'node:path';

const SIDE_EFFECT_FREE = /\/src\/domain\/|\/node_modules\/tldts(-core)?\//;

// WXT has no Preact module: the Vite preset is the supported way in.
export default defineConfig({
  vite: () => ({
    plugins: [preact()],
    // The side panel's first list loads only the list's code (docs/architecture.md, "The side
    // panel's first paint"). src/domain (but zod.ts, whose jitless `config` call must run
    // wherever zod does) and tldts have no import-time effects beyond their own module, so a
    // module none of whose exports a page uses is left out (a barrel import of `displayName` no
    // longer brings every schema). No `manualPureFunctions`: it matches a callee's name in every
    // module, and minified libraries call short names for their effects (['z'], meant for zod,
    // dropped Preact's effect cleanups and style writes: test/unit/build/bundle-effects.test.ts).
    build: { rolldownOptions: { treeshake: {
      moduleSideEffects: (id: string) => !SIDE_EFFECT_FREE.test(id) || id.endsWith('/src/domain/zod.ts'),
    } } },
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
