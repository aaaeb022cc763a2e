import { footerStart } from './footer.ts';
import { hasLegalForm } from './org-words.ts';
import { nameTokens } from './sender.ts';
import { looksLikeName, type NameParts } from './name.ts';

/** How far above the last line a signature may start; longer tails are message text. */
const MAX_SIG_LINES = 12;
const MAX_LINE = 80;

const SIGN_OFF = /^(thanks|thank you|thx|many thanks|cheers|regards|best|best regards|best wishes|kind regards|warm regards|warmest regards|sincerely|yours|yours truly|respectfully|take care|all the best|br|rgds|love|your pal|talk soon|ciao|tia|mit freundlichen gr[üu](?:ß|ss)en|freundliche gr[üu](?:ß|ss)e|viele gr[üu](?:ß|ss)e|beste gr[üu](?:ß|ss)e|liebe gr[üu](?:ß|ss)e|gru(?:ß|ss)|cordialement|bien (?:à|a) vous|bien cordialement|salutations|saludos|un saludo|atentamente|cordiali saluti|saluti|distinti saluti|met vriendelijke groet(?:en)?|groeten|med v[äa]nlig h[äa]lsning|h[äa]lsningar|med venlig hilsen|vennlig hilsen|pozdrawiam|s pozdravem|atenciosamente|abra[çc]os|(?:com os )?(?:melhores )?cumprimentos|v[äa]nliga h[äa]lsningar|mvh|saygılarımla|saygılar|iyi çalışmalar|trân trọng|thân ái|salam hormat|hormat saya|hormat kami|مع (?:خالص|أطيب|اطيب) (?:التحية|التحيات)|مع التحية|مع تحياتي|تحياتي|وتفضلوا بقبول فائق الاحترام|شكراً|شكرا|مع الشكر|terima kasih|此致|敬礼|此致敬礼|祝好|顺祝商祺|順祝商祺|顺颂商祺|順頌商祺|谢谢|謝謝|よろしくお願い(?:いた)?します|宜しくお願い(?:致|いた)?します|よろしくお願い申し上げます|以上|감사합니다)(?![\p{L}])/iu;
// What may follow a sign-off on its line: punctuation and a short capitalised name ("Thanks, BT").
const SIGN_OFF_REST = /^[\s,.!，。！、،-]*(?:([\p{Lu}][\p{L}.'-]*(?:\s+[\p{Lu}][\p{L}.'-]*){0,2})[\s,.!-]*)?$/u;

/** "Thanks," → 'bare'; "Thanks, BT" → 'named'; "Thanks for checking!" → null. */
export function signOff(line: string): 'bare' | 'named' | null {
  const t = line.trim();
  const m = t.match(SIGN_OFF);
  const rest = m && t.slice(m[0].length).match(SIGN_OFF_REST);
  return rest ? (rest[1] ? 'named' : 'bare') : null;
}
const DELIMITER = /^\s*(--\s*|-{2,}|_{2,})\s*$/;
const SENT_FROM = /^\s*(sent from my|sent via|sent with|get outlook for|envoyé de mon)/i;
export const PHONE = /(?:\+?\d[\d\s().\/-]{6,}\d)|(?:(?:^|\s)x[-.\s]?\d{4,5}\b)/i;
export const EMAIL_OR_URL = /[\w.+-]+@[\w-]+\.[\w.-]+|\bwww\.|https?:\/\//i;

const words = (line: string) => line.trim().split(/\s+/).filter(Boolean);

/**
 * A labelled address line in any language ("Address:", "Adresse :", "地址：", and "Add:" as
 * Chinese and Indian signatures write it in English). However long, it is the signature's.
 */
export const ADDRESS_LABEL = /^\s*(?:address|addr\.?|add\.?|adresse|anschrift|direcci[óo]n|indirizzo|endere[çc]o|adres|adresa|地址|住址|住所|所在地|주소)\s*[:：]\s*(.+)$/iu;

/** Message prose, as opposed to a signature line: long, or a full sentence. */
export function isProse(line: string): boolean {
  const w = words(line);
  if (ADDRESS_LABEL.test(line) && line.trim().length <= 2 * MAX_LINE) return false;
  // "Deputy General Manager, Overseas Sales Dept.": a title and its unit, ending in an abbreviation.
  if (isTitleLine(line) && line.includes(',') && /(?<!\p{L})\p{Lu}\p{L}{0,4}\.$/u.test(line.trim())) return false;
  // "Av. Constitución 444 Pte., Centro, 64000 Monterrey, N.L.": an address's parts, ending in a region's abbreviation.
  if (line.includes(',') && /\d/.test(line) && /(?<!\p{L})(?:\p{Lu}\.){2,3}$/u.test(line.trim()) && line.trim().length <= MAX_LINE) return false;
  if (line.trim().length > MAX_LINE) return true;
  if (/^\s*(p\.?\s?s\.?|>)/i.test(line)) return true;
  if (/\?\s*$/.test(line)) return true;
  // "Title | Company Inc.": layout separators and a closing legal form are a signature's, not a sentence's.
  if (/\s[|•·]\s/.test(line) || (hasLegalForm(line) && w.length <= 8)) return false;
  return w.length >= 6 && /[.!:;,]\s*$/.test(line);
}

function mentionsSender(line: string, tokens: string[]): boolean {
  if (!tokens.length || line.trim().length > 50 || words(line).length > 6) return false;
  const ws = line.split(/[^\p{L}]+/u).filter((w) => w.length >= 2);
  // "Chris" signs for "Christopher", "Kim" for "Kimberly": a capitalised 3+ letter prefix counts.
  return ws.some((w) => {
    const lw = w.toLowerCase();
    return tokens.some((t) => t === lw || (w.length >= 3 && /^\p{Lu}/u.test(w) && t.startsWith(lw)));
  });
}

const TITLE_WORDS = /\b(manager|director|specjalist(?:a|ka)|kierownik|dyrektor|prezes|koordynator(?:ka)?|przedstawiciel|chargée?|titolare|amministrat(?:ore|rice)|dirett(?:ore|rice)|presidente|consulente|propietari[oa]|director[a]?|diretor[a]?|s[óo]ci[oa]|asesor[a]?|consultor[a]?|propriet[áa]ri[oa]|g[ée]rante?|conseill[eè]re?|fondat(?:eur|rice)|associ[ée]e?|ing[ée]nieure?|comptable|president|vp|svp|evp|vice|engineer|officer|ceo|cto|cfo|coo|cio|cmo|founder|co-founder|head|lead|analyst|consultant|specialist|associate|partner|counsel|attorney|lawyer|solicitor|executive|coordinator|administrator|assistant|developer|designer|architect|advisor|adviser|principal|chief|owner|representative|supervisor|trader|sales|marketing|buyer|purchaser|procurement|recruiter|editor|professor|lecturer|researcher|scientist|accountant|controller|treasurer|secretary|chair|chairman|chairwoman|agent|broker|planner|strategist|technician|intern|evangelist|directeur|directrice|responsable|gerente|jefe|ingeniero|commercial|notary|notaire|abogado|abogada|avocat|avocate|advocaat|avvocato|advogado|advogada|physician|dentist|pharmacist)\b/i;
// Compound titles (German "Vertriebsleiterin", "Projektmanager"): the title word ends the word.
// German professions are compounds ending in their word: "Rechtsanwalt", "Steuerberaterin", "Zahnärztin", "Wirtschaftsprüfer".
const TITLE_SUFFIX = /\p{L}(leiter|leiterin|manager|managerin|direktor|direktorin|referent|referentin|berater|beraterin|ingenieur|ingenieurin|entwickler|entwicklerin|f[üu]hrer|f[üu]hrerin|anwalt|anw[äa]ltin|[äa]rztin|arzt|pr[üu]fer|pr[üu]ferin)\b/iu;
// Chinese and Japanese titles end in their role word ("销售总监", "営業部長", "代表取締役社長").
// Korean titles are words of their own ("과장", "대표이사").
const CJK_TITLE = /(?:总监|總監|经理|經理|主管|总裁|總裁|董事长|董事長|董事|工程师|工程師|主任|顾问|顧問|专员|專員|助理|秘书|秘書|主席|总经理|總經理|合伙人|合夥人|部长|部長|課長|係長|社長|会長|取締役|執行役員|担当|マネージャー|エンジニア|ディレクター|コンサルタント|リーダー|(?:^|\s)(?:대표이사|대표|사장|부사장|전무|상무|이사|본부장|실장|부장|차장|과장|팀장|대리|주임|사원|선임|책임|수석|매니저))$/u;
// Title words outside ASCII, as words of their own: Vietnamese ("Giám đốc Kinh doanh", "Trưởng phòng"), Turkish ("Satın Alma Müdürü"),
// Russian and Ukrainian ("Руководитель отдела закупок", "Коммерческий директор"), Arabic ("مدير المشتريات", "المدير التنفيذي").
const OTHER_TITLE = /(?<!\p{L})(?:giám đốc|trưởng phòng|trưởng nhóm|phó phòng|quản lý|kế toán|chuyên viên|nhân viên kinh doanh|müdür(?:ü)?|yönetici(?:si)?|direktör(?:ü)?|uzman(?:ı)?|vedoucí|vedúci|ředitel(?:ka)?|riaditeľ(?:ka)?|jednatel(?:ka)?|konateľ(?:ka)?|manažer(?:ka)?|obchodní zástupce|referent(?:ka)?|specialista|konzultant(?:ka)?|hoogleraar|docent|promovend(?:a|us)?|onderzoeker|medewerker|adviseur|lector|руководител[ьяи]|директор\p{L}{0,2}|менеджер\p{L}{0,2}|начальник\p{L}{0,2}|специалист\p{L}{0,2}|инженер\p{L}{0,2}|бухгалтер\p{L}{0,2}|заместител[ьяи]|консультант\p{L}{0,2}|керівник\p{L}{0,2}|(?:ال)?(?:مدير|مديرة|رئيس|رئيسة|مسؤول|مسؤولة|مهندس|مهندسة|أخصائي|أخصائية|محاسب|محاسبة|مستشار|مستشارة|منسق|منسقة|نائب|مندوب|مندوبة))(?!\p{L})/iu;
export const isTitleLine = (line: string) => (TITLE_WORDS.test(line) || TITLE_SUFFIX.test(line) || OTHER_TITLE.test(line) || CJK_TITLE.test(line.trim())) && words(line).length <= 8;

/** "Stella Yu" over "Manager - Rate Systems" or a phone: a name heading a signature. */
function namesSomeone(lines: string[], i: number, end: number): boolean {
  if (!looksLikeName(lines[i].trim()) || words(lines[i]).length < 2) return false;
  const next = lines.slice(i + 1, end + 1).find((l) => l.trim());
  return !!next && (isTitleLine(next) || PHONE.test(next));
}

/**
 * Finds the signature block at the end of a message body (quoted replies already removed):
 * walks up from the last line over short, non-prose lines, then starts the signature at the
 * first line there that opens one — a sign-off followed by more, a "--" delimiter, a line
 * naming the sender, or "Sent from my …". Returns the index of its first line, or -1.
 */
export function findSignatureStart(lines: string[], sender?: NameParts): number {
  return findSignature(lines, sender).start;
}

/**
 * The signature block [start, end) of a body: a trailing legal footer (register, VAT id,
 * directors, disclaimer) is cut off first, so the sender's own block is found above it.
 * `start` is -1 when there is no signature; `end` is where the footer begins.
 */
export function findSignature(lines: string[], sender?: NameParts): { start: number; end: number } {
  const footer = footerStart(lines);
  return { start: startAbove(lines.slice(0, footer), sender), end: footer };
}

function startAbove(lines: string[], sender?: NameParts): number {
  const tokens = nameTokens(sender);
  let end = lines.length - 1;
  while (end >= 0 && !lines[end].trim()) end--;
  if (end < 0) return -1;
  let top = end;
  let count = 0;
  for (let i = end; i >= 0; i--) {
    const line = lines[i];
    if (!line.trim()) continue;
    const contact = PHONE.test(line) || EMAIL_OR_URL.test(line) || mentionsSender(line, tokens);
    if (isProse(line) && (!contact || words(line).length > 8)) break;
    if (++count > MAX_SIG_LINES) break;
    top = i;
  }
  for (let i = top; i <= end; i++) {
    const line = lines[i];
    if (!line.trim()) continue;
    if (DELIMITER.test(line) && i < end) return i;
    if (SENT_FROM.test(line)) return i;
    if (mentionsSender(line, tokens)) return i;
    const so = signOff(line);
    if (so && (i < end || so === 'named')) return i;
    if (namesSomeone(lines, i, end)) return i;
    if (i === end && signedGivenName(lines, i, sender)) return i;
  }
  return -1;
}

/**
 * "Bert" alone on the last line, after a blank one, from a sender whose header gave one name
 * word ("Meyers"): the given name they sign with (the signature rules decide whether it joins
 * the header's word). Any other lone word at the end is left to the rules above.
 */
function signedGivenName(lines: string[], i: number, sender?: NameParts): boolean {
  const had = [sender?.first, sender?.middle, sender?.last].filter(Boolean);
  const line = lines[i].trim();
  return had.length === 1 && i > 0 && !lines[i - 1].trim() && /^\p{Lu}\p{Ll}+$/u.test(line) && looksLikeName(line) && line.toLowerCase() !== had[0]!.toLowerCase();
}

/** The signature lines of a body, or [] when none is found. */
export function signatureLines(body: string, sender?: NameParts): string[] {
  return signatureParts(body, sender).signature;
}

/** The sender's signature lines and the legal footer's lines below them (both may be []). */
export function signatureParts(body: string, sender?: NameParts): { signature: string[]; footer: string[] } {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const { start, end } = findSignature(lines, sender);
  return { signature: start < 0 ? [] : lines.slice(start, end).filter((l) => l.trim()), footer: lines.slice(end).filter((l) => l.trim()) };
}
