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
const WROTE_VERB = /(?<!\p{L})(?:wrote|a écrit|đã viết|schrieb|escribió|ha scritto|schreef|escreveu|pisze|napisał(?:\(a\)|a)?|napsal(?:\(a\)|a)?|skrev|kirjoitti|написал(?:\(а\)|а)?|yazdı|menulis|írta|写道|寫道|작성|كتب|كتبت)(?!\p{L})/iu;
const WROTE_OPENER = /^\s*(?:On|Le|Am|El|Il|Op|Em|W dniu|Dnia|Dne|Den|Vào)\s/i;
const WROTE_AT_END = new RegExp(`${WROTE_VERB.source}\\s*[:：]?\\s*$`, 'iu');
// Japanese Gmail names no verb: "2026年12月2日(水) 17:12 Sam Carter <sam@…>:" (the date and the address say it).
const ADDRESS_AT_END = /<[^<>\s@]+@[^<>\s]+>\s*[:：]\s*$/;
// A time or a date ("14:05", "14.05", "30.11.2026", "2026-11-30"); a year alone is not one
// ("In 2019 he wrote the following:" is the message's own sentence).
const DATE_OR_TIME = /\d{1,2}[:.]\d{2}(?!\d)|\d{1,4}[./-]\d{1,2}[./-]\d{2,4}/;
// The verb ends the line ("… wrote:") or comes before the name or the date, the line ending in a
// colon ("Den … skrev Anna Berg <…>:", "Anna Virtanen kirjoitti 30.11.2026 klo 14.05:").
const isAttribution = (line: string) =>
  line.length <= 400 && (((WROTE_AT_END.test(line) || (WROTE_VERB.test(line) && /[:：]\s*$/.test(line)))
  && (WROTE_OPENER.test(line) || DATE_OR_TIME.test(line) || line.includes('@'))) || (ADDRESS_AT_END.test(line) && DATE_OR_TIME.test(line)));
const HEADER_BLOCK = /^\s*\*?(From|De|Von|Van|Da|Od|Från|Fra|Lähettäjä|От|Kimden|Từ|差出人|发件人|發件人|寄件者|보낸 사람)\s*[:：]\*?\s/i;
const NEXT_HEADER = /^\s*\*?(Sent|Date|To|Subject|Envoyé|Gesendet|Enviado|Enviada|Assunto|Gönderildi|Kime|Konu|Tarih|Đã gửi|Đến|Chủ đề|Inviato|Verzonden|Wysłano|Skickat|Sendt|Lähetetty|Отправлено|Datum|Data|Temat|Betreff|Objet|Asunto|Oggetto|Onderwerp|Ämne|Emne|Aihe|Тема|送信日時|宛先|件名|发送时间|發送時間|收件人|主题|主旨|日期|보낸 날짜|받는 사람|제목)\s*[:：]/i;

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
