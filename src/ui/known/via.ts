import { formatPhone } from '../../domain/identity/phones.ts';
import type { MatchKind } from '../../domain/known/match-keys.ts';

/**
 * "via a, b": what on the page matched a known record, at most two values, leaving out what its
 * line already shows ("ada@engines.example · via ada@engines.example, engines.example" said the
 * address twice and its domain a third time). Empty when the line shows them all. A phone reads
 * as the record page writes it ("+1 617 555 0100", not the key's "+16175550100").
 */
export function viaText(line: string, matched: readonly { kind: MatchKind; value: string }[]): string {
  const shown = line.toLowerCase();
  const rest = [...new Set(matched.map((m) => (m.kind === 'phone' ? formatPhone(m.value) : m.value)))].filter((v) => v && !shown.includes(v.toLowerCase()));
  return rest.length ? `via ${rest.slice(0, 2).join(', ')}` : '';
}
