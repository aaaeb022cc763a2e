import { getDomain, getHostname, parse as parseHost } from 'tldts';

/**
 * Web addresses: which URLs a record may hold (http/https only: a website field is a link a
 * teammate will click), the registrable domain (tldts, so "mail.acme.co.uk" → "acme.co.uk"),
 * and social profiles (network + handle from a URL).
 */

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const MAX_URL = 2048;

/**
 * An absolute http(s) URL from what a person typed or a page linked ("acme.com" gets https://),
 * or null: javascript:, data:, file:, mailto: and hosts without a dot are refused.
 */
export function parseWebUrl(input: string | undefined | null, baseUrl?: string): URL | null {
  if (typeof input !== 'string') return null;
  const s = input.trim();
  if (!s || s.length > MAX_URL || /\s/.test(s)) return null;
  const scheme = s.match(SCHEME)?.[1]?.toLowerCase();
  // "localhost:3000" and "acme.com:8080/x" parse as a scheme: only real schemes count.
  const hasScheme = !!scheme && (s.slice(scheme.length + 1).startsWith('//') || !/^\d/.test(s.slice(scheme.length + 1)));
  let url: URL;
  try {
    url = baseUrl && !hasScheme ? new URL(s, baseUrl) : new URL(hasScheme ? s : `https://${s.replace(/^\/\//, '')}`);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname.includes('.') || url.username || url.password) return null;
  return url;
}

/** Why typed input is not a website, or null when it is one. */
export function webUrlProblem(input: string): string | null {
  const s = input.trim();
  if (!s) return 'must not be empty';
  const scheme = s.match(SCHEME)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'http' && scheme !== 'https' && !/^\d/.test(s.slice(scheme.length + 1))) {
    return `must be a web address (http or https), not a ${scheme}: link`;
  }
  return parseWebUrl(s) ? null : 'must be a web address like https://example.com';
}

/** The registrable domain of a URL, host or email address ("mail.acme.co.uk" → "acme.co.uk"). */
export function registrableDomain(urlHostOrEmail: string | undefined | null): string | undefined {
  if (!urlHostOrEmail) return undefined;
  const s = urlHostOrEmail.trim().toLowerCase();
  const host = s.includes('@') && !s.includes('/') ? s.slice(s.lastIndexOf('@') + 1) : s;
  return getDomain(host, { allowPrivateDomains: true }) ?? undefined;
}

/** The host of a URL without "www." ("https://WWW.Acme.com/x" → "acme.com"). */
export function hostOf(url: string): string | undefined {
  const h = getHostname(url.trim());
  return h ? h.toLowerCase().replace(/^www\d?\./, '') : undefined;
}

/**
 * A website's comparison key: host without www, path without trailing slash, no query or
 * fragment, scheme ignored ("http://www.Acme.com/" = "acme.com").
 */
export function websiteKey(input: string): string | undefined {
  const u = parseWebUrl(input);
  if (!u) return undefined;
  const host = u.hostname.toLowerCase().replace(/^www\d?\./, '');
  const path = u.pathname.replace(/\/+$/, '');
  return `${host}${path}`;
}

/** Registrable domain → network, for profiles on these sites (they are socials, not websites). */
const NETWORKS: Record<string, string> = {
  'linkedin.com': 'linkedin', 'lnkd.in': 'linkedin', 'twitter.com': 'twitter', 'x.com': 'twitter', 'facebook.com': 'facebook', 'fb.com': 'facebook',
  'instagram.com': 'instagram', 'github.com': 'github', 'gitlab.com': 'gitlab', 'youtube.com': 'youtube', 'tiktok.com': 'tiktok',
  'xing.com': 'xing', 'bsky.app': 'bluesky', 'threads.net': 'threads', 'medium.com': 'medium', 'pinterest.com': 'pinterest',
  'angel.co': 'angellist', 'wellfound.com': 'angellist', 'crunchbase.com': 'crunchbase', 'skype.com': 'skype',
  'mastodon.social': 'mastodon', 'dribbble.com': 'dribbble', 'behance.net': 'behance', 'stackoverflow.com': 'stackoverflow',
  'vimeo.com': 'vimeo', 'reddit.com': 'reddit', 't.me': 'telegram', 'telegram.me': 'telegram', 'wa.me': 'whatsapp',
};

/** Path segments that are pages of the network itself, not someone's profile. */
const NOT_HANDLES = new Set([
  'share', 'sharer', 'sharer.php', 'intent', 'home', 'login', 'signup', 'search', 'hashtag', 'explore', 'settings', 'about', 'help',
  'privacy', 'legal', 'tos', 'terms', 'watch', 'embed', 'feed', 'jobs', 'i', 'dialog', 'plugins', 'p', 'status', 'posts', 'reel', 'pulse',
]);

/** Per network: where the handle sits in the path ("linkedin.com/in/ada" → "in/ada"). */
function handleFrom(network: string, segments: string[]): string | undefined {
  const [a0, b] = segments;
  if (!a0) return undefined;
  const a = a0.toLowerCase();
  switch (network) {
    case 'linkedin':
      // /in/ada, /company/acme, /school/x, /pub/ada/1/2/3
      return ['in', 'company', 'school', 'showcase', 'pub'].includes(a) && b ? `${a === 'pub' ? 'in' : a}/${b}` : undefined;
    case 'youtube':
      if (a.startsWith('@')) return a0;
      return ['channel', 'c', 'user'].includes(a) && b ? `${a}/${b}` : undefined;
    case 'xing':
      return ['profile', 'pages', 'companies'].includes(a) && b ? `${a}/${b}` : undefined;
    case 'bluesky':
      return a === 'profile' && b ? b : undefined;
    case 'crunchbase':
      return ['person', 'organization'].includes(a) && b ? `${a}/${b}` : undefined;
    case 'reddit':
      return ['user', 'u'].includes(a) && b ? `u/${b}` : undefined;
    case 'stackoverflow':
      return a === 'users' && b ? `users/${b}` : undefined;
    case 'facebook':
      if (a === 'profile.php') return undefined;
      return a === 'pages' && b ? `pages/${b}` : NOT_HANDLES.has(a) ? undefined : a0;
    default:
      return NOT_HANDLES.has(a) ? undefined : a0;
  }
}

export type SocialProfile = { network: string; handle: string; url: string };

/**
 * The social profile a URL points at: network, handle (as written, "@" kept where the network
 * writes it) and a clean https URL. Null for an ordinary website, a network's home or share
 * page, or a scheme other than http(s). Mastodon-style "@ada@host" is read too.
 */
export function socialProfile(input: string | undefined | null): SocialProfile | null {
  if (typeof input !== 'string') return null;
  const fedi = input.trim().match(/^@([\w.-]+)@([\w.-]+\.[a-z]{2,})$/i);
  if (fedi) return { network: 'mastodon', handle: `@${fedi[1].toLowerCase()}@${fedi[2].toLowerCase()}`, url: `https://${fedi[2].toLowerCase()}/@${fedi[1]}` };
  const u = parseWebUrl(input);
  if (!u) return null;
  const domain = getDomain(u.hostname, { allowPrivateDomains: true });
  const network = domain ? NETWORKS[domain] : undefined;
  if (!network) return null;
  let segments: string[];
  try {
    segments = decodeURIComponent(u.pathname).split('/').filter(Boolean);
  } catch {
    return null;
  }
  if (network === 'facebook' && segments[0]?.toLowerCase() === 'profile.php') {
    const id = u.searchParams.get('id');
    return id ? { network, handle: `id/${id}`, url: `https://www.facebook.com/profile.php?id=${id}` } : null;
  }
  const handle = handleFrom(network, segments);
  if (!handle) return null;
  const host = network === 'twitter' ? 'x.com' : u.hostname.toLowerCase().replace(/^(?:m|mobile|[a-z]{2})\./, 'www.');
  return { network, handle, url: `https://${host}/${network === 'bluesky' ? `profile/${handle}` : handle}` };
}

/**
 * A profile URL from a bare handle in a column that names its network ("Twitter": "@aylindemir",
 * HubSpot's "Twitter Username", "GitHub": "octocat"); null for a network without one place for
 * handles, or a value that is no handle (a URL is read as a URL).
 */
const PROFILE_BASE: Record<string, string> = {
  twitter: 'https://x.com/', x: 'https://x.com/', instagram: 'https://www.instagram.com/', github: 'https://github.com/',
  facebook: 'https://www.facebook.com/', linkedin: 'https://www.linkedin.com/in/', tiktok: 'https://www.tiktok.com/@',
};
export function profileFromHandle(network: string, value: string): string | null {
  const handle = value.trim().replace(/^@/, '');
  const base = PROFILE_BASE[network.toLowerCase()];
  // "ada.example.com" is a site, "cafe.leon" a handle: a name under a real public suffix is a domain.
  return base && /^[\w][\w.-]{0,99}$/.test(handle) && !(handle.includes('.') && parseHost(handle).isIcann) ? base + handle : null;
}

/** The network of a URL's site, profile or not (used to keep network pages out of websites). */
export function socialNetworkOf(url: string): string | undefined {
  const domain = registrableDomain(hostOf(url) ?? '');
  return domain ? NETWORKS[domain] : undefined;
}

/**
 * A social profile's comparison key, "linkedin:in/ada" (x.com = twitter.com, www/m ignored);
 * for an unknown network, its host and path.
 */
export function socialKey(input: string): string | undefined {
  const p = socialProfile(input);
  if (p) return `${p.network}:${p.handle.toLowerCase()}`;
  const u = parseWebUrl(input);
  if (!u) return undefined;
  const path = u.pathname.toLowerCase().replace(/\/+$/, '');
  return path ? `${u.hostname.toLowerCase().replace(/^(?:www|m|mobile)\./, '')}${path}` : undefined;
}
