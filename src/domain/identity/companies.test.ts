import { describe, expect, it } from 'vitest';
import { companyKey, companyNameFromDomain, legalFormOf, sameCompanyName, stripLegalForm } from './companies.ts';

describe('companyKey: legal forms across countries', () => {
  it.each([
    ['US', 'Acme Inc.'], ['US, comma', 'Acme, Inc.'], ['US corp', 'Acme Corp'], ['LLC', 'Acme LLC'], ['UK', 'Acme Ltd'], ['UK plc', 'ACME PLC'],
    ['Australia', 'Acme Pty Ltd'], ['Germany', 'Acme GmbH'], ['German KG', 'Acme GmbH & Co. KG'], ['Switzerland', 'Acme AG'],
    ['France', 'Acme S.A.'], ['France SAS', 'Acme SAS'], ['France SARL', 'Acme S.A.R.L.'], ['Spain', 'Acme S.L.'], ['Italy', 'Acme S.p.A.'],
    ['Italy srl', 'Acme S.r.l.'], ['Mexico', 'Acme S.A. de C.V.'], ['Netherlands', 'Acme B.V.'], ['Belgium', 'Acme NV'],
    ['Sweden', 'Acme AB'], ['Denmark', 'Acme A/S'], ['Finland', 'Acme Oy'], ['Poland', 'Acme Sp. z o.o.'], ['Czechia', 'Acme s.r.o.'],
    ['Japan', 'Acme K.K.'], ['Asia', 'Acme Co., Ltd.'], ['Singapore', 'Acme Pte. Ltd.'], ['Brazil', 'Acme Ltda.'],
    ['"The" and case', 'The ACME Company'], ['plain', 'Acme'], ['accents', 'Acmé'],
  ])('%s: "%s" = "Acme"', (_, name) => expect(companyKey(name)).toBe('acme'));
  it('keeps the words that make the name', () => {
    expect(companyKey('Acme Widgets GmbH')).toBe('acme widgets');
    expect(companyKey('Johnson & Johnson')).toBe('johnson johnson');
    expect(companyKey('Acme Inc.')).not.toBe(companyKey('Acme Widgets Inc.'));
  });
  it('keeps a name that is only a legal form', () => expect(companyKey('Inc')).toBe('inc'));
  it('has no key for nothing', () => {
    expect(companyKey('')).toBeUndefined();
    expect(companyKey(undefined)).toBeUndefined();
  });
  it('compares two names', () => expect(sameCompanyName('Acme Inc.', 'Acme')).toBe(true));
});

describe('legal form for display', () => {
  it.each([
    ['Acme Inc.', 'Acme', 'Inc.'], ['Acme Holdings GmbH & Co. KG', 'Acme Holdings', 'GmbH & Co. KG'], ['Acme, Inc.', 'Acme', 'Inc.'],
    ['Acme S.A. de C.V.', 'Acme', 'S.A. de C.V.'], ['Acme', 'Acme', undefined],
  ])('%s → %s + %s', (name, core, form) => {
    expect(stripLegalForm(name)).toBe(core);
    expect(legalFormOf(name)).toBe(form);
  });
  it('names a company from its domain', () => expect(companyNameFromDomain('acme-widgets.co.uk')).toBe('Acme Widgets'));

  it('Chinese and Japanese legal forms, glued to the name, at its end or (Japan) its start', () => {
    expect(['龙软科技有限公司', 'ソニー株式会社', '株式会社ソニー', '華星股份有限公司'].map(legalFormOf)).toEqual(['有限公司', '株式会社', '株式会社', '股份有限公司']);
    expect(['龙软科技有限公司', '株式会社ソニー'].map(stripLegalForm)).toEqual(['龙软科技', 'ソニー']);
    expect(sameCompanyName('株式会社ソニー', 'ソニー')).toBe(true);
    expect(sameCompanyName('龙软科技有限公司', '龙软科技')).toBe(true);
    expect(legalFormOf('有限公司')).toBeUndefined(); // a form alone names no company
  });
  it('Arabic legal forms after the name, with or without dots: "ذ.م.م" (LLC), "ش.م.ع", "ش.م.م"', () => {
    expect(['شركة نجم للخدمات اللوجستية ذ.م.م', 'مصنع الخليج ش.م.ع', 'الرواد ش م م'].map(legalFormOf)).toEqual(['ذ.م.م', 'ش.م.ع', 'ش م م']);
    expect(legalFormOf('ذ.م.م')).toBeUndefined();
    expect(sameCompanyName('شركة نجم ذ.م.م', 'شركة نجم')).toBe(true);
  });
});

describe('Russian, Ukrainian and Kazakh forms lead a quoted name', () => {
  it('"ООО «Севторг»" is Севторг in the form ООО; a name merely starting with those letters is not', () => {
    expect([legalFormOf('ООО «Севторг»'), legalFormOf('АО "Мотор"'), legalFormOf('ТОВ «Світанок»')]).toEqual(['ООО', 'АО', 'ТОВ']);
    expect(companyKey('ООО «Севторг»')).toBe(companyKey('Севторг'));
    expect(stripLegalForm('ПАО «Северсталь»')).toBe('«Северсталь»');
    expect(legalFormOf('Аорта Медикал')).toBeUndefined();
  });
});
