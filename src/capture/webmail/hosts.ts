/**
 * Which hosts are webmail, and what the user calls them. Its own module, free of the adapters'
 * parsing code, so the side panel can ask "is this tab Gmail?" (to offer the optional host
 * permission) without loading the extractors and their phone metadata at boot.
 */
export const WEBMAIL_SITES = {
  gmail: { site: 'Gmail', hosts: /^mail\.google\.com$/ },
  outlook: { site: 'Outlook', hosts: /^outlook\.(office|office365|live)\.com$/ },
} as const;
export type WebmailName = keyof typeof WEBMAIL_SITES;

/** The webmail site a host belongs to, or null. */
export function webmailSite(host: string): { name: WebmailName; site: string } | null {
  const h = host.toLowerCase();
  for (const [name, w] of Object.entries(WEBMAIL_SITES) as [WebmailName, (typeof WEBMAIL_SITES)[WebmailName]][]) {
    if (w.hosts.test(h)) return { name, site: w.site };
  }
  return null;
}
