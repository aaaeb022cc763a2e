import { describe, expect, it } from 'vitest';
import { COLLECTIONS, collections } from '../records.ts';
import { TARGETS } from '../csv/targets.ts';
import { builtInFields, fieldsOf, HIDDEN, patchFor, valueOf } from './catalogue.ts';
import { formatValue, type NameLookup } from './format.ts';
import { mailtoHref, telHref, webHref } from './links.ts';

const names: NameLookup = {
  configName: (list, id) => `${list}:${id}`,
  memberName: (id) => (id === 'm1' ? 'Sam Lee' : 'Unknown member'),
  recordName: (c, id) => `${c}/${id}`,
  locale: 'en-US',
};
const def = (over: Record<string, unknown>) => ({ id: 'cf1', name: 'Budget', order: 1, retired: false, dataType: 'currency', options: [], availableOn: ['leads'], ...over }) as never;

describe('field catalogue', () => {
  it('describes every key of every record schema (a new schema field needs its meta line)', () => {
    for (const c of COLLECTIONS) {
      const keys = Object.keys(collections[c].fields.shape).filter((k) => !HIDDEN.has(k));
      expect(builtInFields(c).map((f) => f.key)).toEqual(keys);
    }
  });
  it('reads required-ness from the schema', () => {
    const opp = builtInFields('opportunities');
    expect(opp.find((f) => f.key === 'pipelineId')?.required).toBe(true);
    expect(opp.find((f) => f.key === 'closeDate')?.required).toBe(false);
    expect(builtInFields('companies').find((f) => f.key === 'name')?.required).toBe(true);
  });
  it('points CSV targets only at targets import knows', () => {
    for (const c of COLLECTIONS) for (const f of fieldsOf(c)) if (f.csvTarget) expect(TARGETS).toContain(f.csvTarget);
  });
  it('adds live custom fields of the collection, in their order, and not retired ones', () => {
    const defs = [def({ id: 'b', name: 'B', order: 2 }), def({ id: 'a', name: 'A', order: 1 }), def({ id: 'r', retired: true }), def({ id: 'p', availableOn: ['people'] })];
    const custom = fieldsOf('leads', defs).filter((f) => f.custom);
    expect(custom.map((f) => [f.key, f.label, f.section, f.kind])).toEqual([['custom.a', 'A', 'custom', 'money'], ['custom.b', 'B', 'custom', 'money']]);
  });
  it('reads and patches custom values inside `custom` without losing the others', () => {
    const [f] = fieldsOf('leads', [def({})]).filter((x) => x.custom);
    const rec = { id: 'x', custom: { other: 1, cf1: 5 } };
    expect(valueOf(f, rec)).toBe(5);
    expect(patchFor(f, 9, rec)).toEqual({ custom: { other: 1, cf1: 9 } });
    expect(patchFor(f, null, rec)).toEqual({ custom: { other: 1 } });
    expect(patchFor({ key: 'title' }, 'CEO', rec)).toEqual({ title: 'CEO' });
  });
});

describe('formatting', () => {
  const lead = { id: 'l', name: { first: 'Ada', last: 'Lovelace' }, ownerId: 'm1', statusId: 'new', monetaryValue: 1200, currency: 'EUR', tags: ['vip', 'q3'], phones: [{ number: '+1 555 0100' }], address: { city: 'Paris', country: 'France' } };
  const f = (key: string) => fieldsOf('leads').find((x) => x.key === key)!;
  it('shows names, members by name, config entries by name, money with currency', () => {
    expect(formatValue(f('name'), lead, names)).toBe('Ada Lovelace');
    expect(formatValue(f('ownerId'), lead, names)).toBe('Sam Lee');
    expect(formatValue(f('statusId'), lead, names)).toBe('leadStatuses:new');
    expect(formatValue(f('monetaryValue'), lead, names)).toBe('€1,200.00');
    expect(formatValue(f('tags'), lead, names)).toBe('vip, q3');
    expect(formatValue(f('phones'), lead, names)).toBe('+1 555 0100');
    expect(formatValue(f('address'), lead, names)).toBe('Paris, France');
    expect(formatValue(f('title'), lead, names)).toBe('');
  });
  it('shows custom values by type', () => {
    const defs = [def({ id: 'd', dataType: 'dropdown', options: [{ id: 'o1', name: 'Gold' }] }), def({ id: 'c', dataType: 'checkbox' }), def({ id: 'p', dataType: 'percentage' }), def({ id: 't', dataType: 'date' }), def({ id: 'm', dataType: 'multiSelect', options: [{ id: 'x', name: 'X' }, { id: 'y', name: 'Y' }] })];
    const rec = { id: 'l', custom: { d: 'o1', c: false, p: 40, t: '2026-03-01', m: ['y', 'x'] } };
    const out = fieldsOf('leads', defs).filter((x) => x.custom).map((x) => formatValue(x, rec, names));
    expect(out).toEqual(['Gold', 'No', '40%', 'Mar 1, 2026', 'Y, X']);
  });
  it('an opportunity status and a task due date read as words', () => {
    const st = fieldsOf('opportunities').find((x) => x.key === 'status')!;
    expect(formatValue(st, { id: 'o', status: 'won' }, names)).toBe('Won');
  });
});

describe('links', () => {
  it('makes only mailto:, tel: and http(s) links', () => {
    expect(mailtoHref('ada@example.com')).toBe('mailto:ada@example.com');
    expect(mailtoHref('not an email')).toBeUndefined();
    expect(telHref('+1 (555) 010-0100')).toBe('tel:+15550100100');
    expect(telHref('call me')).toBeUndefined();
    expect(webHref('example.com/about')).toBe('https://example.com/about');
    expect(webHref('http://example.com')).toBe('http://example.com/');
    expect(webHref('javascript:alert(1)')).toBeUndefined();
    expect(webHref('data:text/html,hi')).toBeUndefined();
    expect(webHref('localhost')).toBeUndefined();
  });
});

describe('names', () => {
  it('edits a name made of parts by parts, and a one-line name as text', () => {
    expect(builtInFields('leads').find((f) => f.key === 'name')?.kind).toBe('name');
    expect(builtInFields('people').find((f) => f.key === 'name')?.kind).toBe('name');
    for (const c of ['companies', 'opportunities', 'tasks'] as const) expect(builtInFields(c).find((f) => f.key === 'name')?.kind).toBe('text');
  });
});

describe('money and dates in read mode', () => {
  it('formats a deal value with its currency and the locale, the workspace default when it has none', async () => {
    const { moneyText } = await import('./format.ts');
    const value = { key: 'monetaryValue', custom: false };
    expect(moneyText(value, { monetaryValue: 12000, currency: 'EUR' }, 'USD', 'en-US')).toBe('€12,000.00');
    expect(moneyText(value, { monetaryValue: 12000, currency: 'EUR' }, 'USD', 'de-DE')).toBe('12.000,00\u00a0€');
    expect(moneyText(value, { monetaryValue: 12000 }, 'USD', 'en-US')).toBe('$12,000.00');
    expect(moneyText(value, { monetaryValue: 12000 }, undefined, 'en-US')).toBe('12,000');
    expect(moneyText(value, {}, 'USD', 'en-US')).toBe('');
    // A custom currency field has no currency of its own: the number, in the locale.
    expect(moneyText({ key: 'custom.budget', custom: true }, { currency: 'EUR', custom: { budget: 1500.5 } }, 'USD', 'en-US')).toBe('1,500.5');
  });
});
