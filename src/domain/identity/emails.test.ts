import { describe, expect, it } from 'vitest';
import {
  companyDomainOfEmail, emailDomain, emailSearchTerms, isExchangeAddress, isFreeMailDomain, isRoleMailbox, isTeamName, mailboxKey, normalizeEmail,
} from './emails.ts';

describe('normalizeEmail', () => {
  it.each([
    ['case and spaces', '  Ada.Lovelace@ACME.io ', 'ada.lovelace@acme.io'],
    ['mailto: with a subject', 'mailto:ada@acme.io?subject=Hi', 'ada@acme.io'],
    ['angle brackets', '<ada@acme.io>', 'ada@acme.io'],
    ['percent-encoded', 'mailto:ada%2Bcrm@acme.io', 'ada+crm@acme.io'],
    ['plus tag kept (another mailbox elsewhere)', 'ada+crm@acme.io', 'ada+crm@acme.io'],
    ['not an address', 'call me maybe', undefined],
    ['no domain dot', 'ada@localhost', undefined],
    ['empty', '', undefined],
  ])('%s: %s', (_, input, expected) => expect(normalizeEmail(input)).toBe(expected));
});

describe('mailboxKey: one key per mailbox', () => {
  it.each([
    ['Gmail ignores dots, tags and case', 'Jane.Doe+crm@Gmail.com', 'janedoe@gmail.com'],
    ['googlemail.com is gmail.com', 'j.a.n.e.doe@googlemail.com', 'janedoe@gmail.com'],
    ['Outlook.com drops the tag', 'jane+leads@outlook.com', 'jane@outlook.com'],
    ['a country domain of Outlook.com too', 'jane+x@hotmail.co.uk', 'jane@hotmail.co.uk'],
    ['Hotmail keeps its dots', 'jane.doe+x@hotmail.com', 'jane.doe@hotmail.com'],
    ['Live', 'jane+a@live.com', 'jane@live.com'],
    ['iCloud', 'jane+a@icloud.com', 'jane@icloud.com'],
    ['me.com', 'jane+a@me.com', 'jane@me.com'],
    ['mac.com', 'jane+a@mac.com', 'jane@mac.com'],
    ['Fastmail', 'jane+a@fastmail.com', 'jane@fastmail.com'],
    ['Proton', 'jane+a@proton.me', 'jane@proton.me'],
    ['pm.me', 'jane+a@pm.me', 'jane@pm.me'],
    ['an unknown domain keeps its tag', 'jane+a@acme.io', 'jane+a@acme.io'],
    ['an unknown domain keeps its dots', 'jane.doe@acme.io', 'jane.doe@acme.io'],
    ['the domain is case-folded, the local part compared case-folded (documented)', 'Jane.Doe@ACME.io', 'jane.doe@acme.io'],
    ['a lookalike domain is unknown', 'jane.doe+a@gmail.com.evil.io', 'jane.doe+a@gmail.com.evil.io'],
    ['nothing left after the tag: kept as is', '+news@gmail.com', '+news@gmail.com'],
    ['mailto: and brackets as normalizeEmail', 'mailto:<Jane.Doe@gmail.com>', 'janedoe@gmail.com'],
    ['not an address', 'jane at gmail', undefined],
    ['nothing', undefined, undefined],
  ])('%s: %s → %s', (_, input, expected) => expect(mailboxKey(input)).toBe(expected));
  it('two spellings of one Gmail mailbox share a key, two Yahoo addresses do not', () => {
    expect(mailboxKey('janedoe@googlemail.com')).toBe(mailboxKey('Jane.Doe+work@gmail.com'));
    expect(mailboxKey('jane.doe@yahoo.com')).not.toBe(mailboxKey('janedoe@yahoo.com'));
  });
});

describe('free mail and company domains', () => {
  it.each([
    ['gmail.com', true], ['yahoo.co.uk', true], ['hotmail.fr', true], ['gmx.ch', true], ['web.de', true],
    ['acme.io', false], ['yahoo-inc.example', false], ['livenation.com', false], ['gmxcorp.com', false],
  ])('isFreeMailDomain(%s) = %s', (d, expected) => expect(isFreeMailDomain(d)).toBe(expected));
  it('takes a company domain only from work mail', () => {
    expect(companyDomainOfEmail('Ada@ACME.io')).toBe('acme.io');
    expect(companyDomainOfEmail('ada@gmail.com')).toBeUndefined();
    expect(companyDomainOfEmail(undefined)).toBeUndefined();
    expect(emailDomain('ada@Mail.Acme.io')).toBe('mail.acme.io');
  });
});

describe('role and team mailboxes', () => {
  it.each([
    ['sales@example.com', true], ['info@acme.de', true], ['support+eu@acme.io', true], ['no-reply@acme.io', true],
    ['sales.emea@acme.io', true], ['kontakt@firma.de', true], ['ada.lovelace@acme.io', false], ['sally@acme.io', false],
    ['salesforce-admin-team-long@acme.io', false], ['messages-noreply@linkedin.com', true], ['do_not_reply@bank.example', true],
    ['calendar-notification@google.com', true], ['bounces+123@list.example', true], ['newsletters@economist.com', true],
    ['noreen.plyer@acme.io', false], ['alertson@acme.io', false],
  ])('isRoleMailbox(%s) = %s', (e, expected) => expect(isRoleMailbox(e)).toBe(expected));
  it.each([
    ['a team by its mailbox', 'Example Sales', 'sales@example.com', true],
    ['a team by its domain', 'Example Sales', 'ada@example.com', true],
    ['a surname that is a team word, personal mailbox', 'Jennifer Sales', 'jennifer@acme.io', false],
    ['"Team" always', 'The Acme Team', 'hello@acme.io', true],
    ['two team words', 'Customer Support', 'help@acme.io', true],
    ['one team word alone', 'Billing', undefined, true],
    ['a person', 'Ada Lovelace', 'ada@acme.io', false],
    ['a person without email', 'Ada Lovelace', undefined, false],
    ['company name alone on a role mailbox', 'Stripe', 'support@stripe.com', true],
    // A product's name is the sender whoever's mailbox it is; the person is whoever signs.
    ['a product name alone on a personal mailbox', 'Stripe', 'patrick@stripe.com', true],
    ['a brand that names no service, on a personal mailbox', 'Globex', 'hank@globex.example', false],
    ['a product sending in its own name', 'Jira', 'jira@acme.atlassian.net', true],
    ['a product and its feature', 'Google Calendar', 'calendar@google.com', true],
    ['a person put on a product\'s mail', 'Ada Lovelace (Jira)', 'jira@acme.atlassian.net', true],
    ['a person via a service, bracketed', 'Ada Lovelace (via Google Docs)', 'comments@docs.google.com', true],
    ['a bot', 'Renovate Bot', 'bot@renovateapp.example', true],
    ['a bracket naming a place is the person\'s', 'Kim Ward (Houston)', 'kim.ward@acme.io', false],
    ['a one-word given name on its own mailbox', 'Sam', 'sam@acme.io', false],
    ['a product name that is also a family name is left to the mailbox', 'Jenkins', 'jenkins@ci.acme.io', false],
    ['a list entry written in one word', 'CustomerNotices, WGPHOU', 'WGPHOU.CustomerNotices@Williams.com', true],
    ['a machine\'s mailbox, whatever the name', 'Ada Lovelace via Google Docs', 'drive-shares-noreply@google.com', true],
    ['"do not reply"', 'Do Not Reply', 'support@bank.example', true],
    ['a mailing list\'s name', 'python-dev', 'python-dev@python.org', true],
    ['a brand in one word on a role mailbox', 'PayPal', 'service@paypal.com', true],
    ['"the" and a brand on a role mailbox', 'The Economist', 'newsletters@economist.com', true],
    ['joined capitals of a surname', 'Kim DeSales', 'kim@acme.io', false],
    ['a lower-case person', 'ada lovelace', 'ada@acme.io', false],
  ])('%s: %s <%s> → %s', (_, name, email, expected) => expect(isTeamName(name, email)).toBe(expected));
});

describe('emailSearchTerms', () => {
  it('finds first.last@company.com by every part a person types', () => {
    const terms = emailSearchTerms('First.Last@Company.com');
    for (const t of ['first.last@company.com', 'first.last', 'first', 'last', 'last@company.com', 'company.com', 'company', 'com']) expect(terms).toContain(t);
  });
  it('splits - _ and + too', () => {
    expect(emailSearchTerms('mary-jane_o+crm@sub.acme.co.uk')).toEqual(expect.arrayContaining(['mary', 'jane', 'o', 'crm', 'jane_o+crm@sub.acme.co.uk', 'acme.co.uk', 'sub.acme.co.uk']));
  });
});

describe('isExchangeAddress', () => {
  it('an Exchange directory name (X.500) as Outlook exports it is no email address; addresses and paths are not one', () => {
    expect(isExchangeAddress('/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=3f2a9c-rmehta')).toBe(true);
    expect(isExchangeAddress('/O=CONTOSO/OU=FIRST ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=AMEHTA')).toBe(true);
    for (const not of ['rahul.mehta@contoso.example', '/home/ada', 'o=acme', '']) expect(isExchangeAddress(not), not).toBe(false);
  });
});
