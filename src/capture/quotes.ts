/**
 * The new part of a reply: everything from the first quote header on is someone else's text
 * (and someone else's signature). Recognises the headers of common clients: "On … wrote:",
 * Outlook's "-----Original Message-----" and "From:/Sent:" blocks, "____" rules, forwarded
 * markers, and ">" quoting.
 */
export function stripQuotedReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const cut = lines.findIndex((line, i) => isQuoteStart(line, lines.slice(i + 1, i + 5)));
  const kept = cut >= 0 ? lines.slice(0, cut) : lines;
  return kept.filter((l) => !/^\s*>/.test(l)).join('\n').replace(/\s+$/, '');
}

const WROTE = /^\s*(On|Le|Am|El|Il|Op|Em)\s.{0,300}(wrote|a écrit|schrieb|escribió|ha scritto|schreef|escreveu)\s*:?\s*$/i;
const HEADER_BLOCK = /^\s*\*?(From|De|Von|Van|Da)\s*:\*?\s/i;
const NEXT_HEADER = /^\s*\*?(Sent|Date|To|Subject|Envoyé|Gesendet|Enviado|Inviato)\s*:/i;

function isQuoteStart(line: string, next: string[]): boolean {
  if (/^\s*-{2,}\s*(Original Message|Message d'origine|Ursprüngliche Nachricht|Forwarded message|Mensaje original)/i.test(line)) return true;
  // Outlook's rule above a quoted header; a rule alone is as often a signature's top border.
  if (/^\s*_{20,}\s*$/.test(line)) return next.some((l) => HEADER_BLOCK.test(l) || NEXT_HEADER.test(l));
  if (WROTE.test(line) || (/^\s*On\s/.test(line) && WROTE.test(`${line} ${next[0] ?? ''}`))) return true;
  if (/^\s*>/.test(line) && next.every((l) => /^\s*>|^\s*$/.test(l))) return true;
  return HEADER_BLOCK.test(line) && next.some((l) => NEXT_HEADER.test(l));
}
