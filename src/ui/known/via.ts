/**
 * "via a, b": what on the page matched a known record, at most two values, leaving out what its
 * line already shows ("ada@engines.example · via ada@engines.example, engines.example" said the
 * address twice and its domain a third time). Empty when the line shows them all.
 */
export function viaText(line: string, matched: readonly string[]): string {
  const shown = line.toLowerCase();
  const rest = [...new Set(matched)].filter((v) => v && !shown.includes(v.toLowerCase()));
  return rest.length ? `via ${rest.slice(0, 2).join(', ')}` : '';
}
