/**
 * An email body split into what the sender wrote now and the quoted history under it, so a
 * timeline shows the new text and keeps the rest behind "show quoted". Recognises ">" quoting
 * and the reply headers of Gmail/Apple ("On … wrote:"), Outlook ("-----Original Message-----",
 * "From: … Sent: …"), and forwarded-message markers, in English, German and French.
 */
const REPLY_HEADER = [
  /^On .{4,200}wrote:\s*$/i,
  /^Am .{4,200}schrieb .{1,200}:\s*$/i,
  /^Le .{4,200}a écrit\s*:\s*$/i,
  /^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine)\s*-{2,}\s*$/i,
  /^-{2,}\s*Forwarded message\s*-{2,}\s*$/i,
  /^Begin forwarded message:\s*$/i,
  /^_{10,}\s*$/,
];
const OUTLOOK_FROM = /^(From|Von|De)\s*:\s*.+$/i;
const OUTLOOK_NEXT = /^(Sent|Gesendet|Envoyé|Date|To|An|À)\s*:/i;

export function splitQuoted(text: string): { fresh: string; quoted: string } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let cut = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    // "On Mon, … <a@b.c>" may wrap the "wrote:" onto the next line.
    const joined = i + 1 < lines.length ? `${line} ${lines[i + 1].trim()}` : line;
    if (REPLY_HEADER.some((re) => re.test(line))) { cut = i; break; }
    if (/^On .{4,200}$/i.test(line) && /wrote:\s*$/i.test(joined) && !/wrote:\s*$/i.test(line)) { cut = i; break; }
    if (OUTLOOK_FROM.test(line) && OUTLOOK_NEXT.test(lines[i + 1]?.trim() ?? '')) { cut = i; break; }
    if (/^>/.test(line) && lines.slice(i).every((l) => /^>/.test(l.trim()) || !l.trim())) { cut = i; break; }
  }
  if (cut < 0) return { fresh: text.trim(), quoted: '' };
  const fresh = lines.slice(0, cut).join('\n').trim();
  const quoted = lines.slice(cut).join('\n').trim();
  // A message that is only a quote (a bare forward) keeps its text visible.
  return fresh ? { fresh, quoted } : { fresh: quoted, quoted: '' };
}
