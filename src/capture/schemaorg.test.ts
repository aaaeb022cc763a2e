import { describe, expect, it } from 'vitest';
import { extractFromHtml } from './index.ts';

const ld = (json: unknown) => extractFromHtml(`<script type="application/ld+json">${JSON.stringify(json)}</script>`, { baseUrl: 'https://example.com/' });

describe('schema.org shapes pages write', () => {
  it('properties written as schema.org IRIs ("http://schema.org/name", "schema:email") are read', () => {
    const [c] = ld({ '@type': 'http://schema.org/Person', 'http://schema.org/name': 'Kenji Sato', 'schema:email': 'kenji@sato.example', 'https://schema.org/telephone': '+81 3 5555 0101' });
    expect([c.name?.full, c.emails[0]?.value, c.phones[0]?.value]).toEqual(['Kenji Sato', 'kenji@sato.example', '+81355550101']);
  });

  it('an address given as one string is read into its parts', () => {
    const [c] = ld({ '@type': 'Dentist', name: 'Smile Dental', address: '12 High Street, Bristol BS1 2AB, UK' });
    expect(c.address).toMatchObject({ street: '12 High Street', city: 'Bristol', postalCode: 'BS1 2AB', country: 'UK' });
  });
});

describe('a person and the organization they work for', () => {
  const kinds = (list: ReturnType<typeof ld>) => list.map((c) => `${c.kind}:${c.name?.full ?? ''}@${c.companyName?.value ?? ''}`);
  it('one Person working for an Organization is one contact at a company, not two contacts', () => {
    for (const key of ['worksFor', 'affiliation', 'memberOf']) {
      const found = ld({ '@context': 'https://schema.org', '@type': 'Person', name: 'Ada Lovelace', jobTitle: 'CTO', [key]: { '@type': 'Organization', name: 'Acme Ltd', url: 'https://acme.example', logo: 'https://acme.example/logo.png' } });
      expect(kinds(found), key).toEqual(['person:Ada Lovelace@Acme Ltd']);
    }
    // Inside a ProfilePage too, and through an OrganizationRole.
    expect(kinds(ld({ '@type': 'ProfilePage', mainEntity: { '@type': 'Person', name: 'Ada Lovelace', worksFor: { '@type': 'OrganizationRole', roleName: 'CTO', worksFor: { '@type': 'Corporation', name: 'Acme Ltd' } } } })))
      .toEqual(['person:Ada Lovelace@Acme Ltd']);
  });

  it('an employer with its own phone, email or address, or one the page lists by itself, is still offered; an organization alone is', () => {
    expect(kinds(ld({ '@type': 'Person', name: 'Ada Lovelace', worksFor: { '@type': 'Organization', name: 'Acme Ltd', telephone: '+44 20 7946 0000' } })))
      .toEqual(['person:Ada Lovelace@Acme Ltd', 'organization:@Acme Ltd']);
    expect(kinds(ld({ '@graph': [{ '@type': 'Person', name: 'Ada Lovelace', worksFor: { '@id': '#org' } }, { '@type': 'Organization', '@id': '#org', name: 'Acme Ltd' }] })).sort())
      .toEqual(['organization:@Acme Ltd', 'person:Ada Lovelace@Acme Ltd']);
    expect(kinds(ld({ '@type': 'Organization', name: 'Acme Ltd', url: 'https://acme.example' }))).toEqual(['organization:@Acme Ltd']);
    // A second employer (not the one that became the company) is not lost.
    expect(kinds(ld({ '@type': 'Person', name: 'Ada Lovelace', worksFor: [{ '@type': 'Organization', name: 'Acme Ltd' }, { '@type': 'Organization', name: 'Babbage & Co' }] })).sort())
      .toEqual(['organization:@Babbage & Co', 'person:Ada Lovelace@Acme Ltd']);
  });
});
