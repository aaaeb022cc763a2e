/**
 * Values a record page shows as links: only mailto:, tel: and http(s) ever come out, so text a
 * page or a peer put in a field can't become a javascript: or data: link.
 */
export function mailtoHref(email: string): string | undefined {
  const e = email.trim();
  return /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(e) ? `mailto:${encodeURIComponent(e).replace(/%40/g, '@')}` : undefined;
}

export function telHref(phone: string): string | undefined {
  const digits = phone.replace(/(?!^\+)[^\d]/g, '');
  return /^\+?\d{3,20}$/.test(digits) ? `tel:${digits}` : undefined;
}

/** An https/http address as a link; a bare domain gets https://. */
export function webHref(url: string): string | undefined {
  const u = url.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(u) ? u : `https://${u}`;
  try {
    const parsed = new URL(withScheme);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
    if (!parsed.hostname.includes('.')) return undefined;
    return parsed.href;
  } catch { return undefined; }
}
