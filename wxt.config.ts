import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { resolve } from 'node:path';

// WXT has no Preact module: the Vite preset is the supported way in.
export default defineConfig({
  vite: () => ({
    plugins: [preact()],
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
