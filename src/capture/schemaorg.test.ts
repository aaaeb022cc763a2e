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
