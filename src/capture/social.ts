import { registrableDomain as domainOf, socialNetworkOf, socialProfile } from '../domain/identity/web.ts';

/** The social network an absolute URL belongs to (a profile, or another page of the network), or null for a website. */
export function socialNetwork(url: string): string | null {
  return socialProfile(url)?.network ?? socialNetworkOf(url) ?? null;
}

/** The registrable domain of a URL or address ("mail.acme.co.uk" → "acme.co.uk"). */
export function registrableDomain(urlOrHost: string): string | null {
  return domainOf(urlOrHost) ?? null;
}
