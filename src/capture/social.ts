import { getDomain } from 'tldts';

// Registrable domain → network name. Profiles on these become socials, not websites.
const NETWORKS: Record<string, string> = {
  'linkedin.com': 'linkedin',
  'twitter.com': 'twitter',
  'x.com': 'twitter',
  'facebook.com': 'facebook',
  'fb.com': 'facebook',
  'instagram.com': 'instagram',
  'github.com': 'github',
  'gitlab.com': 'gitlab',
  'youtube.com': 'youtube',
  'tiktok.com': 'tiktok',
  'xing.com': 'xing',
  'bsky.app': 'bluesky',
  'threads.net': 'threads',
  'medium.com': 'medium',
  'pinterest.com': 'pinterest',
  'angel.co': 'angellist',
  'wellfound.com': 'angellist',
  'crunchbase.com': 'crunchbase',
  'skype.com': 'skype',
  'mastodon.social': 'mastodon',
};

/** The social network an absolute URL belongs to, or null for an ordinary website. */
export function socialNetwork(url: string): string | null {
  const domain = getDomain(url);
  return (domain && NETWORKS[domain]) ?? null;
}

/** The registrable domain of a URL or address ("mail.acme.co.uk" → "acme.co.uk"). */
export function registrableDomain(urlOrHost: string): string | null {
  return getDomain(urlOrHost);
}
