import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * The page script (entrypoints/extract-page.ts) is injected, and compiled by the page, at every
 * scan: it carries the extractors, not the schema library (the side panel validates the answer).
 */
describe('the injected page script', () => {
  it('bundles no zod', async () => {
    const out = await build({ entryPoints: ['entrypoints/extract-page.ts'], bundle: true, write: false, metafile: true, format: 'iife', logLevel: 'silent' });
    const inputs = Object.keys(out.metafile.inputs);
    expect(inputs.some((p) => p.includes('src/capture/document.ts'))).toBe(true);
    expect(inputs.filter((p) => /node_modules\/zod\//.test(p))).toEqual([]);
  });
});
