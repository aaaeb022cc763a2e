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

// A reply's attribution line, as mail clients write it in their users' languages: "On … wrote:",
// "Le … a écrit :", "Am … schrieb …:", "W dniu … pisze:", "Den … skrev:", "… kirjoitti:",
// "… написал(а):". It opens with one of the clients' words, or holds a date, a time or an address.
const WROTE_VERB = /(?<!\p{L})(?:wrote|a écrit|schrieb|escribió|ha scritto|schreef|escreveu|pisze|napisał(?:\(a\)|a)?|napsal(?:\(a\)|a)?|skrev|kirjoitti|написал(?:\(а\)|а)?|yazdı|írta)(?!\p{L})/iu;
const WROTE_OPENER = /^\s*(?:On|Le|Am|El|Il|Op|Em|W dniu|Dnia|Dne|Den)\s/i;
const WROTE_AT_END = new RegExp(`${WROTE_VERB.source}\\s*:?\\s*$`, 'iu');
// A time or a date ("14:05", "14.05", "30.11.2026", "2026-11-30"); a year alone is not one
// ("In 2019 he wrote the following:" is the message's own sentence).
const DATE_OR_TIME = /\d{1,2}[:.]\d{2}(?!\d)|\d{1,4}[./-]\d{1,2}[./-]\d{2,4}/;
// The verb ends the line ("… wrote:") or comes before the name or the date, the line ending in a
// colon ("Den … skrev Anna Berg <…>:", "Anna Virtanen kirjoitti 30.11.2026 klo 14.05:").
const isAttribution = (line: string) =>
  line.length <= 400 && (WROTE_AT_END.test(line) || (WROTE_VERB.test(line) && /:\s*$/.test(line)))
  && (WROTE_OPENER.test(line) || DATE_OR_TIME.test(line) || line.includes('@'));
const HEADER_BLOCK = /^\s*\*?(From|De|Von|Van|Da|Od|Från|Fra|Lähettäjä|От)\s*:\*?\s/i;
const NEXT_HEADER = /^\s*\*?(Sent|Date|To|Subject|Envoyé|Gesendet|Enviado|Inviato|Verzonden|Wysłano|Skickat|Sendt|Lähetetty|Отправлено|Datum|Data|Temat|Betreff|Objet|Asunto|Oggetto|Onderwerp|Ämne|Emne|Aihe|Тема)\s*:/i;

function isQuoteStart(line: string, next: string[]): boolean {
  if (/^\s*-{2,}\s*(Original Message|Message d'origine|Ursprüngliche Nachricht|Forwarded message|Mensaje original|Messaggio originale|Oorspronkelijk bericht|Wiadomość oryginalna|Mensagem original|Ursprungligt meddelande|Opprinnelig melding|Oprindelig meddelelse|Alkuperäinen viesti|Исходное сообщение|Weitergeleitete Nachricht|Message transféré|Mensaje reenviado)/i.test(line)) return true;
  // Apple Mail's forward: "Begin forwarded message:", "Début du message réexpédié :", …
  if (/^\s*(Begin forwarded message|Début du message réexpédié|Anfang der weitergeleiteten Nachricht|Inicio del mensaje reenviado|Inizio messaggio inoltrato|Begin doorgestuurd bericht)\s*:\s*$/i.test(line)) return true;
  // Outlook's rule above a quoted header; a rule alone is as often a signature's top border.
  if (/^\s*_{20,}\s*$/.test(line)) return next.some((l) => HEADER_BLOCK.test(l) || NEXT_HEADER.test(l));
  if (isAttribution(line) || (WROTE_OPENER.test(line) && isAttribution(`${line} ${next[0] ?? ''}`))) return true;
  if (/^\s*>/.test(line) && next.every((l) => /^\s*>|^\s*$/.test(l))) return true;
  return HEADER_BLOCK.test(line) && next.some((l) => NEXT_HEADER.test(l));
}
