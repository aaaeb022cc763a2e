import { readFile } from 'node:fs/promises';
import { extractFromFile } from './file.ts';

const USAGE = 'usage: npm run extract -- FILE [--base-url URL] [--country CC]\n  FILE: .html, .eml, .vcf or .txt; prints the candidates as JSON';

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const baseUrl = flag('--base-url');
  const defaultCountry = flag('--country');
  const file = args.find((a) => !a.startsWith('--'));
  if (!file || args.includes('--help')) {
    console.error(USAGE);
    return file ? 0 : 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (e) {
    console.error(`extract: cannot read ${file}: ${(e as Error).message}`);
    return 1;
  }
  const candidates = await extractFromFile(file, bytes, { baseUrl, defaultCountry });
  process.stdout.write(JSON.stringify(candidates, null, 2) + '\n');
  return 0;
}

main(process.argv.slice(2)).then((code) => (process.exitCode = code));
