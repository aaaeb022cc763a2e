import { describe, expect, it } from 'vitest';
import { countryCode, formatAddress, normalizeAddress, parseAddress, type AddressParts } from './addresses.ts';

describe('parseAddress', () => {
  const cases: [string, string, AddressParts, string?][] = [
    ['US one line', '1600 Amphitheatre Pkwy, Mountain View, CA 94043, USA', { street: '1600 Amphitheatre Pkwy', city: 'Mountain View', state: 'CA', postalCode: '94043', country: 'USA' }],
    ['US without commas before the state', '1 Main St, Springfield IL 62701', { street: '1 Main St', city: 'Springfield', state: 'IL', postalCode: '62701' }],
    ['US ZIP+4 and suite', 'Suite 200, 500 Market St, San Francisco, CA 94105-1234', { street: 'Suite 200, 500 Market St', city: 'San Francisco', state: 'CA', postalCode: '94105-1234' }],
    ['US block', '350 Fifth Avenue\nNew York, NY 10118\nUnited States', { street: '350 Fifth Avenue', city: 'New York', state: 'NY', postalCode: '10118', country: 'United States' }],
    ['Canada', '290 Bremner Blvd, Toronto, ON M5V 3L9, Canada', { street: '290 Bremner Blvd', city: 'Toronto', state: 'ON', postalCode: 'M5V 3L9', country: 'Canada' }],
    ['UK block', '10 Downing Street\nLondon\nSW1A 2AA\nUnited Kingdom', { street: '10 Downing Street', city: 'London', postalCode: 'SW1A 2AA', country: 'United Kingdom' }],
    ['UK one line', '221B Baker Street, London NW1 6XE', { street: '221B Baker Street', city: 'London', postalCode: 'NW1 6XE' }],
    ['Germany', 'Unter den Linden 77, 10117 Berlin, Deutschland', { street: 'Unter den Linden 77', city: 'Berlin', postalCode: '10117', country: 'Deutschland' }],
    ['Germany with country prefix', 'Hauptstraße 5\nD-80331 München', { street: 'Hauptstraße 5', city: 'München', postalCode: '80331' }],
    ['France', '8 Rue de Rivoli, 75004 Paris, France', { street: '8 Rue de Rivoli', city: 'Paris', postalCode: '75004', country: 'France' }],
    ['Netherlands', 'Damrak 1, 1012 LG Amsterdam, Nederland', { street: 'Damrak 1', city: 'Amsterdam', postalCode: '1012 LG', country: 'Nederland' }],
    ['Switzerland', 'Bahnhofstrasse 1, 8001 Zürich', { street: 'Bahnhofstrasse 1', city: 'Zürich', postalCode: '8001' }],
    ['Poland', 'ul. Marszałkowska 1, 00-624 Warszawa, Polska', { street: 'ul. Marszałkowska 1', city: 'Warszawa', postalCode: '00-624', country: 'Polska' }],
    ['Australia', '1 Macquarie St, Sydney NSW 2000, Australia', { street: '1 Macquarie St', city: 'Sydney', state: 'NSW', postalCode: '2000', country: 'Australia' }],
    ['Sweden', 'Drottninggatan 1, 111 51 Stockholm, Sweden', { street: 'Drottninggatan 1', city: 'Stockholm', postalCode: '111 51', country: 'Sweden' }],
    ['no postal code', '1 Main St, Springfield, IL', { street: '1 Main St', city: 'Springfield', state: 'IL' }],
    ['a city alone', 'Berlin', { city: 'Berlin' }],
    ['a street alone', '1 Main Street', { street: '1 Main Street' }],
    // Session 16: a four-digit house number is no postal code, a country the short list lacks is no state.
    ['a four-digit house number before a street', 'Suite 400, 1200 Market Street\nPhiladelphia, PA 19107', { street: 'Suite 400, 1200 Market Street', city: 'Philadelphia', state: 'PA', postalCode: '19107' }],
    ['a country named by the runtime', 'Boulevard Zerktouni 112, Casablanca 20250, Morocco', { street: 'Boulevard Zerktouni 112', city: 'Casablanca', postalCode: '20250', country: 'Morocco' }],
    ['Italy\'s province code after the city', 'Via Roma 12, 20121 Milano (MI)', { street: 'Via Roma 12', city: 'Milano', state: 'MI', postalCode: '20121' }],
    ['a city whose name holds brackets', 'Karl-Marx-Straße 1, 15230 Frankfurt (Oder)', { street: 'Karl-Marx-Straße 1', city: 'Frankfurt (Oder)', postalCode: '15230' }],
    ['a city named after a saint', 'Marktgasse 3, 9000 St. Gallen', { street: 'Marktgasse 3', city: 'St. Gallen', postalCode: '9000' }],
    // Session 17: parts apart by two spaces (Mailchimp's "Address" cell), a postal code alone in its part.
    ['parts apart by two spaces, Denmark', 'Nørregade 14  København K  1165  DK', { street: 'Nørregade 14', city: 'København K', postalCode: '1165', country: 'DK' }],
    ['parts apart by two spaces, US with a second line', '123 Main St  Apt 4  Atlanta  GA  30303  US', { street: '123 Main St, Apt 4', city: 'Atlanta', state: 'GA', postalCode: '30303', country: 'US' }],
    ['a postal code before its city, then a country code', 'Hauptstraße 5  10115  Berlin  DE', { street: 'Hauptstraße 5', city: 'Berlin', postalCode: '10115', country: 'DE' }],
    ['Canada with its code alone', '400 Oak Ave  Toronto  ON  M5V 2T6  CA', { street: '400 Oak Ave', city: 'Toronto', state: 'ON', postalCode: 'M5V 2T6', country: 'CA' }],
    ['Portugal, city then code', 'Rua Augusta 100  Lisboa  1100-053  PT', { street: 'Rua Augusta 100', city: 'Lisboa', postalCode: '1100-053', country: 'PT' }],
    ['a tab between parts', '55 Collins St\tMelbourne\tVIC\t3000', { street: '55 Collins St', city: 'Melbourne', state: 'VIC', postalCode: '3000' }],
    ['Delaware stays a state', '1201 N Orange St, Wilmington, DE 19801', { street: '1201 N Orange St', city: 'Wilmington', state: 'DE', postalCode: '19801' }],
    ['a US state that is also a country', '55 Peachtree St, Atlanta, Georgia 30303', { street: '55 Peachtree St', city: 'Atlanta', state: 'Georgia', postalCode: '30303' }],
    // Session 18: Japan written largest first, Turkey's district over its province.
    ['Japan, 〒 then prefecture, ward, street', '〒100-0005 東京都千代田区丸の内1-1-1', { street: '丸の内1-1-1', city: '千代田区', state: '東京都', postalCode: '100-0005' }],
    ['Japan over lines, a building', '〒100-0005\n東京都千代田区丸の内1-1-1 パレスビル5F\n日本', { street: '丸の内1-1-1 パレスビル5F', city: '千代田区', state: '東京都', postalCode: '100-0005', country: '日本' }],
    ['Japan, a designated city keeps its ward', '大阪府大阪市北区梅田3-1-1', { street: '梅田3-1-1', city: '大阪市北区', state: '大阪府' }],
    ['Japan, a city whose name ends in 市', '〒510-0086 三重県四日市市諏訪栄町1-1', { street: '諏訪栄町1-1', city: '四日市市', state: '三重県', postalCode: '510-0086' }],
    ['Japan, a county before its town', '北海道虻田郡倶知安町北1条西2丁目', { street: '北1条西2丁目', city: '虻田郡倶知安町', state: '北海道' }],
    ['Japan in Latin letters keeps the general reading', '1-1-1 Marunouchi, Chiyoda-ku, Tokyo 100-0005, Japan', { street: '1-1-1 Marunouchi, Chiyoda-ku', city: 'Tokyo', postalCode: '100-0005', country: 'Japan' }],
    ['China is not read as Japan', '广东省深圳市福田区深南大道1000号', { street: '广东省深圳市福田区深南大道1000号' }],
    ['Turkey, district over province', 'Caferağa Mah. Moda Cad. No: 12 D: 4, 34710 Kadıköy/İstanbul', { street: 'Caferağa Mah. Moda Cad. No: 12 D: 4', city: 'Kadıköy', state: 'İstanbul', postalCode: '34710' }],
    ['Turkey, one line, the province in capitals', 'Kızılay Mah. Gazi Mustafa Kemal Blv. No:5 Kat:3 06420 Çankaya/ANKARA', { street: 'Kızılay Mah. Gazi Mustafa Kemal Blv. No:5 Kat:3', city: 'Çankaya', state: 'ANKARA', postalCode: '06420' }],
    ['Turkey, a dash and no postal code', 'Halaskargazi Cad. No: 100, Şişli - İstanbul, Türkiye', { street: 'Halaskargazi Cad. No: 100', city: 'Şişli', state: 'İstanbul', country: 'Türkiye' }],
    ['Turkey, the postal code in its own part', 'Moda Cad. No: 12  34710  Kadıköy / Istanbul', { street: 'Moda Cad. No: 12', city: 'Kadıköy', state: 'Istanbul', postalCode: '34710' }],
    ['Turkey, the district in its own part before the province', 'Atatürk Cad. No 45, Çankaya, 06420 Ankara, Turkey', { street: 'Atatürk Cad. No 45', city: 'Çankaya', state: 'Ankara', postalCode: '06420', country: 'Turkey' }],
    ['Turkey, the province alone after its postal code is the city', 'Büyükdere Cad. No: 185, 34394 İstanbul', { street: 'Büyükdere Cad. No: 185', city: 'İstanbul', postalCode: '34394' }],
    ['a slash that names no province is no district', 'Kastanienallee 12, Berlin/Brandenburg', { street: 'Kastanienallee 12', city: 'Berlin/Brandenburg' }],
  ];
  it.each(cases)('%s: %s', (_, text, expected, country) => expect(parseAddress(text, { country })).toEqual(expected));
  it('a street field holding a Japanese or Turkish city and region gives them their fields', () => {
    expect(normalizeAddress({ street: '東京都千代田区丸の内1-1-1', postalCode: '100-0005', country: 'Japan' })).toEqual({ street: '丸の内1-1-1', city: '千代田区', state: '東京都', postalCode: '100-0005', country: 'Japan' });
    expect(normalizeAddress({ street: 'Moda Cad. No: 12 Kadıköy/İstanbul', postalCode: '34710' })).toEqual({ street: 'Moda Cad. No: 12', city: 'Kadıköy', state: 'İstanbul', postalCode: '34710' });
  });
  it('never puts the whole address in street', () => {
    for (const [, text] of cases) {
      const street = parseAddress(text).street ?? '';
      expect(street.includes(',') && street.split(',').length >= text.split(/,|\n/).length - 1 && text.split(/,|\n/).length > 2, text).toBe(false);
    }
  });
});

describe('address helpers', () => {
  it('splits a whole address someone put in Street', () => {
    expect(normalizeAddress({ street: 'Unter den Linden 77, 10117 Berlin', country: 'Germany' })).toEqual({ street: 'Unter den Linden 77', city: 'Berlin', postalCode: '10117', country: 'Germany' });
    expect(normalizeAddress({ street: '1 Main St', city: 'Springfield' })).toEqual({ street: '1 Main St', city: 'Springfield' });
  });
  it('reads country names in several languages', () => {
    expect(countryCode('Deutschland')).toBe('DE');
    expect(countryCode('U.S.A.')).toBe('US');
    expect(countryCode('Atlantis')).toBeUndefined();
    // Beyond the short table, every country the runtime names (Intl.DisplayNames) in nine languages.
    expect(['Morocco', 'Lebanon', 'Liban', 'Marruecos', 'Südafrika', 'Vietnã', 'Nova Zelândia'].map(countryCode)).toEqual(['MA', 'LB', 'LB', 'MA', 'ZA', 'VN', 'NZ']);
    // Not a US state ("Georgia"), a region ("Europe") or a two-letter word.
    expect(['Georgia', 'Europe', 'Unknown Region', 'in'].map(countryCode)).toEqual([undefined, undefined, undefined, undefined]);
  });
  it('formats one line', () => {
    expect(formatAddress({ street: '1 Main St', city: 'Springfield', state: 'IL', postalCode: '62701' })).toBe('1 Main St, Springfield, IL 62701');
    expect(formatAddress({ street: 'Unter den Linden 77', city: 'Berlin', postalCode: '10117', country: 'Germany' })).toBe('Unter den Linden 77, 10117 Berlin, Germany');
  });

  it('reads Japan\'s postal code after its city or marked 〒, and the districts under a block\'s street line', () => {
    expect(parseAddress('3-1-1 Marunouchi, Chiyoda-ku, Tokyo 100-0005')).toEqual({ street: '3-1-1 Marunouchi, Chiyoda-ku', city: 'Tokyo', postalCode: '100-0005' });
    expect(parseAddress('〒150-0002 Tokyo')).toEqual({ city: 'Tokyo', postalCode: '150-0002' });
    expect(parseAddress('14 Adeola Odeku Street\nVictoria Island, Lagos 101241\nNigeria')).toEqual({ street: '14 Adeola Odeku Street, Victoria Island', city: 'Lagos', postalCode: '101241', country: 'Nigeria' });
    expect(parseAddress('Vesterbrogade 12, 2. sal\n1620 København V\nDenmark')).toEqual({ street: 'Vesterbrogade 12, 2. sal', city: 'København V', postalCode: '1620', country: 'Denmark' });
  });
  it('a US state written out is the longest name ending the line ("New York", "West Virginia"), not a city "New"', () => {
    expect(parseAddress('Crescent moon drive\nNice Area, Albaney, New York 12345\nUnited States of America')).toEqual({ street: 'Crescent moon drive, Nice Area', city: 'Albaney', state: 'New York', postalCode: '12345', country: 'United States of America' });
    expect(parseAddress('Charleston, West Virginia 25301')).toEqual({ city: 'Charleston', state: 'West Virginia', postalCode: '25301' });
    expect(parseAddress('Butte, MT. 59701')).toEqual({ city: 'Butte', state: 'MT', postalCode: '59701' });
  });
});

describe('Russian addresses (address-shapes readRussian): postal code, city and street in either order', () => {
  it.each([
    ['191186, Санкт-Петербург, Невский пр., д. 28', { street: 'Невский пр., д. 28', city: 'Санкт-Петербург', postalCode: '191186' }],
    ['ул. Тверская, д. 7, стр. 1, г. Москва, 125009', { street: 'ул. Тверская, д. 7, стр. 1', city: 'Москва', postalCode: '125009' }],
    ['Россия, 620014, г. Екатеринбург, пр-т Ленина, д. 5, офис 305', { street: 'пр-т Ленина, д. 5, офис 305', city: 'Екатеринбург', postalCode: '620014', country: 'Россия' }],
    ['123456, ул. Ленина, д. 1', { street: 'ул. Ленина, д. 1', postalCode: '123456' }],
  ])('%s', (text, want) => expect(parseAddress(text)).toEqual(want));
  it('a street given whole in one field is split the same way; Latin addresses are not read as Russian', () => {
    expect(normalizeAddress({ street: '191186, Санкт-Петербург, Невский пр., д. 28', country: 'Россия' })).toEqual({ street: 'Невский пр., д. 28', city: 'Санкт-Петербург', postalCode: '191186', country: 'Россия' });
    expect(parseAddress('10 Downing Street, London SW1A 2AA')).toEqual({ street: '10 Downing Street', city: 'London', postalCode: 'SW1A 2AA' });
  });
});

describe('addresses written with Arabic commas, and Brazil\'s city and state', () => {
  it('"،" parts an address as "," does; a country named in Arabic is the country', () => {
    expect(parseAddress('ص.ب. 12345، دبي، الإمارات العربية المتحدة')).toEqual({ street: 'ص.ب. 12345', city: 'دبي', country: 'الإمارات العربية المتحدة' });
    expect(countryCode('الإمارات العربية المتحدة')).toBe('AE');
    expect(countryCode('مصر')).toBe('EG');
  });
  it('"Pouso Alegre - MG, 37550-000" under its street: the city, the state and the CEP', () => {
    expect(parseAddress('Rua Coronel Pedro Alves, 210 - Centro\nPouso Alegre - MG, 37550-000')).toEqual({ street: 'Rua Coronel Pedro Alves, 210 - Centro', city: 'Pouso Alegre', state: 'MG', postalCode: '37550-000' });
  });
});
