import { describe, expect, it } from 'vitest';
import { hostOf, parseWebUrl, profileFromHandle, registrableDomain, socialKey, socialNetworkOf, socialProfile, webUrlProblem, websiteKey } from './web.ts';

describe('allowed URL schemes for websites', () => {
  it.each([
    ['a bare domain gets https', 'acme.com', 'https://acme.com/'],
    ['http kept', 'http://acme.com/about', 'http://acme.com/about'],
    ['host with a port', 'acme.com:8080/x', 'https://acme.com:8080/x'],
    ['relative to a page', '/about', 'https://acme.com/about', 'https://acme.com/team'],
  ])('%s: %s', (_, input, expected, base?: string) => expect(parseWebUrl(input, base)?.href).toBe(expected));
  it.each([
    ['javascript:', 'javascript:alert(1)'], ['data:', 'data:text/html,<b>x</b>'], ['file:', 'file:///etc/passwd'], ['mailto:', 'mailto:ada@acme.io'],
    ['no dot in the host', 'localhost'], ['spaces', 'acme .com'], ['credentials', 'https://user:pw@acme.com'],
  ])('refuses %s', (_, input) => expect(parseWebUrl(input)).toBeNull());
  it('says why typed input is refused', () => {
    expect(webUrlProblem('javascript:alert(1)')).toMatch(/http or https.*javascript:/);
    expect(webUrlProblem('not a site')).toMatch(/web address/);
    expect(webUrlProblem('acme.com')).toBeNull();
  });
});

describe('registrable domain (tldts)', () => {
  it.each([
    ['https://mail.acme.co.uk/x', 'acme.co.uk'], ['www.acme.com', 'acme.com'], ['ada@sales.acme.com.au', 'acme.com.au'], ['foo.github.io', 'foo.github.io'],
  ])('%s → %s', (input, expected) => expect(registrableDomain(input)).toBe(expected));
  it('host and website keys ignore www, scheme and trailing slash', () => {
    expect(hostOf('https://WWW.Acme.com/x')).toBe('acme.com');
    expect(websiteKey('http://www.Acme.com/')).toBe(websiteKey('acme.com'));
  });
});

describe('social network and handle from a URL', () => {
  it.each([
    ['https://www.linkedin.com/in/ada-l/?trk=x', 'linkedin', 'ada-l'.replace(/^/, 'in/')],
    ['https://de.linkedin.com/in/ada-l', 'linkedin', 'in/ada-l'],
    ['linkedin.com/company/acme', 'linkedin', 'company/acme'],
    ['https://x.com/ada', 'twitter', 'ada'],
    ['http://twitter.com/ada/', 'twitter', 'ada'],
    ['https://github.com/ada', 'github', 'ada'],
    ['https://www.youtube.com/@AdaTalks', 'youtube', '@AdaTalks'],
    ['https://www.youtube.com/channel/UCabc', 'youtube', 'channel/UCabc'],
    ['https://bsky.app/profile/ada.bsky.social', 'bluesky', 'ada.bsky.social'],
    ['https://www.facebook.com/profile.php?id=123', 'facebook', 'id/123'],
    ['https://www.xing.com/profile/Ada_Lovelace', 'xing', 'profile/Ada_Lovelace'],
    ['@ada@mastodon.social', 'mastodon', '@ada@mastodon.social'],
  ])('%s → %s %s', (url, network, handle) => expect(socialProfile(url)).toMatchObject({ network, handle }));
  it.each([['https://acme.com/team'], ['https://twitter.com/intent/tweet?text=x'], ['https://www.facebook.com/sharer.php?u=x'], ['https://linkedin.com/'], ['javascript:alert(1)']])(
    'no profile in %s', (url) => expect(socialProfile(url)).toBeNull(),
  );
  it('one key for x.com and twitter.com, any case', () => expect(socialKey('https://x.com/Ada')).toBe(socialKey('twitter.com/ada')));
  it('knows a network page that is not a profile', () => expect(socialNetworkOf('https://twitter.com/intent/tweet')).toBe('twitter'));
});

describe('profileFromHandle: a bare handle under a column naming its network', () => {
  it('builds the profile of the network the column names', () => {
    const made = { twitter: '@aylindemir', Twitter: 'meilin_sg', github: 'octocat', linkedin: 'chidi-okafor', instagram: 'cafe.leon' };
    expect(Object.entries(made).map(([network, handle]) => profileFromHandle(network, handle))).toEqual([
      'https://x.com/aylindemir', 'https://x.com/meilin_sg', 'https://github.com/octocat', 'https://www.linkedin.com/in/chidi-okafor', 'https://www.instagram.com/cafe.leon',
    ]);
  });
  it('a URL, words, a site\'s name, an unknown network or nothing is no handle', () => {
    const values = [['twitter', 'https://x.com/ada'], ['twitter', 'ada lovelace'], ['twitter', 'ada.example.com'], ['mastodon', 'ada'], ['', 'ada'], ['twitter', '']];
    expect(values.map(([network, value]) => profileFromHandle(network, value))).toEqual(values.map(() => null));
  });
});
