import { describe, expect, it } from 'vitest';
import { senderName, teamMailbox } from './sender.ts';
import { extractFromMessage } from './email.ts';

describe('senderName uses the identity rules', () => {
  it.each([
    ['Lovelace, Ada Byron', 'ada@acme.io', { first: 'Ada', middle: 'Byron', last: 'Lovelace' }],
    ['Sr. Juan Perez', 'juan@acme.es', { prefix: 'Sr.', first: 'Juan', last: 'Perez' }],
    ['Maarten van der Linde', 'maarten@acme.nl', { first: 'Maarten', last: 'van der Linde' }],
    ['ADA LOVELACE', 'ada@acme.io', { first: 'Ada', last: 'Lovelace' }],
  ])('%s → parts', (display, address, parts) => expect(senderName(display, address)?.parts).toMatchObject(parts));

  it.each([['Example Sales', 'sales@example.com'], ['The Acme Team', 'hello@acme.io'], ['Customer Support', 'help@acme.io'], ['', 'info@acme.io']])(
    'a team is not a person: "%s" <%s>', (display, address) => expect(senderName(display, address)).toBeNull(),
  );

  it('a team mailbox gives a candidate with its address and no person name', () => {
    const [c] = extractFromMessage({ from: { name: 'Example Sales', address: 'sales@example.com' }, text: 'Hello,\nthanks for your interest.' });
    expect(c.name).toBeUndefined();
    expect(c.emails.map((e) => e.value)).toEqual(['sales@example.com']);
  });

  // Names no person has: lists, machines, departments, companies. Each answers the company it names, if any.
  it.each([
    ['CustomerNotices, WGPHOU', 'WGPHOU.CustomerNotices@Williams.com', undefined], // a list's directory entry
    ['Do Not Reply', 'donotreply@bank.example', undefined],
    ['Mailer-Daemon', 'MAILER-DAEMON@mx.acme.io', undefined],
    ['python-dev', 'python-dev@python.org', undefined],
    ['DL-Engineering', 'dl-eng@acme.io', undefined],
    ['All Staff', 'allstaff@acme.io', undefined],
    ['Ops Alerts', 'ops@acme.io', undefined],
    ['IT Department', 'it@acme.io', undefined],
    ['Accounts Payable', 'ap@acme.io', undefined],
    ['Payroll', 'payroll@acme.io', undefined],
    ['LinkedIn', 'messages-noreply@linkedin.com', 'LinkedIn'], // a machine's mailbox, whatever its name
    ['Google Calendar', 'calendar-notification@google.com', 'Google Calendar'],
    ['Ada Lovelace via Google Docs', 'drive-shares-noreply@google.com', 'Google Docs'],
    ['The Economist', 'newsletters@economist.com', 'Economist'],
    ['PayPal', 'service@paypal.com', 'PayPal'],
    ['Amazon.com', 'auto-confirm@amazon.com', 'Amazon.com'],
    ['Acme, Inc.', 'ada@acme.io', 'Acme, Inc.'],
    ['ACME CORP', 'ada@acme.io', 'ACME CORP'],
    ['Globex Holdings', 'hank@globex.example', 'Globex Holdings'],
    ['Houston Office', 'houston@acme.example', undefined], // a site of the company, naming none
    ['Tokyo Branch Office', 'tokyo@acme.example', undefined],
    ['European Headquarters', 'emea.hq@acme.example', undefined],
    ['Williams Gas Pipeline', 'wgp@williams.example', 'Williams Gas Pipeline'], // a line of business
    ['Enron Net Works', 'enw@enron.example', 'Enron Net Works'],
    ['Gulf Coast Refinery', 'gcr@acme.example', 'Gulf Coast Refinery'],
    // Products and services sending in their own name, or a person's name put on their mail.
    ['Jira', 'jira@acme.atlassian.net', 'Jira'],
    ['Ada Lovelace (Jira)', 'jira@acme.atlassian.net', 'Jira'],
    ['Peter Gibbons (Zendesk)', 'support@initech.zendesk.com', 'Zendesk'],
    ['Ada Lovelace (via Google Docs)', 'comments-noreply@docs.google.com', 'Google Docs'],
    ['Ada Lovelace via Calendly', 'ada@calendly.example', 'Calendly'],
    ['DocuSign', 'dse@docusign.net', 'DocuSign'],
    ['Confluence', 'confluence@acme.atlassian.net', 'Confluence'],
    ['Slack Notifications', 'feedback@slack.com', 'Slack'],
    ['Renovate Bot', 'bot@renovate.example', 'Renovate'],
  ])('"%s" <%s> is not a person (company: %s)', (display, address, company) => {
    expect(senderName(display, address)).toBeNull();
    expect(teamMailbox(display, address)).toEqual(company ? { company } : expect.not.objectContaining({ company: expect.anything() }));
  });

  // ...and the rules leave people alone: surnames that are team words, joined capitals, two-letter endings, bare addresses.
  it.each([
    ['Jennifer Sales', 'jsales@acme.io', 'Jennifer Sales'],
    ['Kim DeSales', 'kim@acme.io', 'Kim DeSales'],
    ['John McGrath', 'jmcgrath@acme.io', 'John McGrath'],
    ['JoAnn Smith', 'joann@acme.io', 'JoAnn Smith'],
    ['Kim Se', 'kim@acme.io', 'Kim Se'], // "SE" is a legal form, but too short to say so on a From line
    ['Ada Lovelace', 'info@ada.example', 'Ada Lovelace'],
    ['', 'Kim.S.Theriot@acme.io', 'Kim S. Theriot'],
    // Family names that are also business nouns stay people.
    ['Alonzo Church', 'church@princeton.example', 'Alonzo Church'],
    ['Samantha Power', 'spower@state.example', 'Samantha Power'],
    ['Elizabeth Banks', 'ebanks@acme.io', 'Elizabeth Banks'],
    // A one-word given name on its own mailbox, a family name that is also a product's, a bracketed place.
    ['Sam', 'sam@acme.io', 'Sam'],
    ['Jenkins', 'jenkins@ci.acme.io', 'Jenkins'],
    ['Kim Ward (Houston)', 'kim.ward@acme.io', 'Kim Ward'],
  ])('"%s" <%s> is the person %s', (display, address, full) => {
    expect(teamMailbox(display, address)).toBeNull();
    expect(senderName(display, address)?.parts.full).toBe(full);
  });

  it('a product\'s notification is no person: the sender is the product, whose mailbox it is, and the person named on it is not given that address', () => {
    const [c, ...rest] = extractFromMessage({
      from: { name: 'Ada Lovelace (Jira)', address: 'jira@acme.atlassian.net' },
      text: 'Ada Lovelace changed the status of OPS-12 to Done.\n\nGet Jira notifications on your phone! Download the Jira Cloud app.',
    });
    expect([c.kind, c.name, c.companyName?.value, c.emails.map((e) => e.value)]).toEqual(['organization', undefined, 'Jira', ['jira@acme.atlassian.net']]);
    expect(rest.filter((x) => x.emails.some((e) => e.value === 'jira@acme.atlassian.net'))).toEqual([]);
  });

  it('a list sender\'s message is signed by the person who wrote it (and the list names no company)', () => {
    const [c] = extractFromMessage({
      from: { name: 'CustomerNotices, WGPHOU', address: 'WGPHOU.CustomerNotices@Williams.com' },
      text: 'The station is back in service.\n\nIf you have any questions, please call.\n\nJ. E. McGrath\nManager\nOperations Planning',
    });
    expect(c.kind).toBe('person');
    expect(c.name?.full).toBe('J. E. McGrath');
    expect(c.companyName).toBeUndefined();
    expect(c.emails.map((e) => e.value)).toEqual(['wgphou.customernotices@williams.com']);
  });
});
