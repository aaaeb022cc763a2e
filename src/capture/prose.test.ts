import { describe, expect, it } from 'vitest';
import { prosePerson } from './prose.ts';
import { extractFromText } from './selection.ts';

describe('prosePerson: the one person a sentence introduces with a role', () => {
  it.each([
    ['Jane Doe, VP of Sales at Acme', { name: 'Jane Doe', title: 'VP of Sales', company: 'Acme' }],
    ['We spoke with Jane Doe, VP of Sales at Acme Corp., about the renewal.', { name: 'Jane Doe', title: 'VP of Sales', company: 'Acme Corp' }],
    ['Our new hire Sam Lee is the Head of Growth at Globex. He starts Monday.', { name: 'Sam Lee', title: 'Head of Growth', company: 'Globex' }],
    ['Raj Patel (CTO, Initech) will join the call.', { name: 'Raj Patel', title: 'CTO', company: 'Initech' }],
    ['Peter Smith, head of sales at Initech, said prices would rise.', { name: 'Peter Smith', title: 'head of sales', company: 'Initech' }],
    ['Maria van der Berg, Procurement Manager, said yes.', { name: 'Maria van der Berg', title: 'Procurement Manager' }],
  ])('%s', (text, expected) => expect(prosePerson(text)).toEqual(expected));

  it.each([
    ['a heading', 'Contact Us'],
    ['an instruction', 'Meet Our Team, the best sales people in town.'],
    ['a name without a role', 'Christopher Froome was sponsored by Sky in the Tour de France.'],
    ['a role too long to be a title', 'George Bush, the 41st President of the United States is the father of George W. Bush.'],
    ['two people', 'Jane Doe, VP of Sales at Acme, and John Roe, CTO at Globex, met today.'],
    ['a team, not a person', 'The meeting is with Acme Sales, Director of Marketing.'],
    ['a company', 'Globex Corporation, the leading supplier of widgets.'],
    ['nothing', ''],
  ])('nothing from %s', (_, text) => expect(prosePerson(text)).toBeNull());
});

describe('extractFromText on prose and headings', () => {
  it('reads a pasted sentence that introduces someone', () => {
    const [c] = extractFromText('Dr. Ada Lovelace is the Chief Scientist at Analytical Engines Ltd. She wrote the first program.');
    expect([c.name?.full, c.title?.value, c.companyName?.value]).toEqual(['Dr. Ada Lovelace', 'Chief Scientist', 'Analytical Engines Ltd']);
    expect(c.name?.confidence).toBeLessThan(0.7); // less sure than a signature's lines
  });
  it('never makes a person or a company of a site heading, nor a field of a sentence', () => {
    for (const text of ['Contact Us\nSales Team\nsales@acme.example', 'Meet Our Team\n+1 415 555 0100', 'Welcome to Acme\nhello@acme.example']) {
      const [c] = extractFromText(text);
      expect([c?.name, c?.companyName, c?.title], text).toEqual([undefined, undefined, undefined]);
    }
    const [call] = extractFromText('Call Jane Doe, our sales manager, on 555-0100.');
    expect([call.title, call.companyName]).toEqual([undefined, undefined]);
  });
  it('splits a "Name, Title at Company" line', () => {
    const [c] = extractFromText('Jane Doe, VP of Sales at Acme\njane@acme.example');
    expect([c.name?.full, c.title?.value, c.companyName?.value]).toEqual(['Jane Doe', 'VP of Sales', 'Acme']);
  });
});
