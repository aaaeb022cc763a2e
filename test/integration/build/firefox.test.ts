import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

describe('Firefox build', () => {
  it('builds for Firefox MV3 and passes web-ext lint with no errors', () => {
    execFileSync('npx', ['wxt', 'build', '-b', 'firefox', '--mv3'], { stdio: 'pipe' });
    const manifest = JSON.parse(readFileSync('.output/firefox-mv3/manifest.json', 'utf8'));
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background.scripts).toBeDefined(); // the engine's home in Firefox
    const lint = spawnSync('npx', ['web-ext', 'lint', '--source-dir', '.output/firefox-mv3', '--output', 'json', '--no-input'], { encoding: 'utf8' });
    const report = JSON.parse(lint.stdout.slice(lint.stdout.indexOf('{')));
    const errors = report.errors.map((e: { code: string; message: string; file?: string }) => `${e.code}: ${e.message} (${e.file ?? ''})`);
    expect(errors).toEqual([]);
    // The manifest itself draws no warning: AMO refuses new add-ons without the data consent key,
    // and a key the minimum version cannot read is flagged.
    const manifestWarnings = [...report.warnings, ...report.notices]
      .filter((w: { file?: string }) => w.file === 'manifest.json')
      .map((w: { code: string; message: string }) => `${w.code}: ${w.message}`);
    expect(manifestWarnings).toEqual([]);
    expect(manifest.browser_specific_settings.gecko.data_collection_permissions).toEqual({ required: ['none'] });
  });
});
