/** `--member -Xb2` is a value, not a flag. Ids minted before they avoided a leading '-' still exist,
 * and node's parseArgs refuses a value that begins with '-' unless it is attached with '='.
 * A following `--known-flag` is not swallowed, so a missing value still reads as missing. */
export function attachValues(args: string[], valued: string[], flags: string[] = ['help']): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith('--') && !args[i].includes('=') ? args[i].slice(2) : undefined;
    const next = args[i + 1];
    const nextIsFlag = next !== undefined && /^--[a-z-]+(=|$)/.test(next) && [...valued, ...flags].includes(next.slice(2).split('=')[0]);
    if (name && valued.includes(name) && next?.startsWith('-') && next !== '--' && !nextIsFlag) {
      out.push(`${args[i]}=${args[++i]}`);
    } else out.push(args[i]);
  }
  return out;
}
