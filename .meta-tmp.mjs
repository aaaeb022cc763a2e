import * as esbuild from 'esbuild';
import { resolve } from 'node:path';
const entry = process.argv[2];
const r = await esbuild.build({ entryPoints: [entry], bundle: true, minify: true, write: false, metafile: true, format: 'esm', outdir: '/tmp/metaout',
  jsx: 'automatic', jsxImportSource: 'preact', alias: { '@': resolve('.'), linkedom: resolve('src/ext/linkedom-browser.ts') , 'wxt/browser': resolve('node_modules/wxt/dist/browser.mjs')}, loader: { '.css': 'empty' }, logLevel: 'error', external: ['wxt/*'] });
const out = Object.values(r.metafile.outputs)[0];
const groups = {};
for (const [k, v] of Object.entries(out.inputs)) {
  const m = k.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
  const g = m ? m[1] : k.split('/').slice(0, 3).join('/');
  groups[g] = (groups[g] ?? 0) + v.bytesInOutput;
}
console.log('total', Math.round(out.bytes / 1024), 'KB');
for (const [g, b] of Object.entries(groups).sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(Math.round(b / 1024).toString().padStart(5), g);
