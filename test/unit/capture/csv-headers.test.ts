import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { guessMapping, type Target } from '../../../src/domain/csv/targets.ts';
import { CORPUS, checkFloors, type Row } from './scoring.ts';

/**
 * CSV header labels of other programs (Outlook in 11 languages, Thunderbird, Gmail, Atmail),
 * with the field Roundcube's importer reads each as (crm-csv-headers/roundcube-csv2vcard-
 * header-labels.tsv): the answer key for our column mapping. Scored per label on the fields
 * Outpost has — recall (the label maps to the key's field) and precision (what it maps to is
 * that field) — one header row per locale and program, as an export would have it.
 * Roundcube's region/country labels are left out: its key swaps them in several locales.
 */
const FIELD: Record<string, Target> = {
  firstname: 'firstName', surname: 'lastName', middlename: 'middleName', prefix: 'prefix', suffix: 'suffix', name: 'name',
  organization: 'companyName', jobtitle: 'title', email: 'email', phone: 'phone', website: 'website',
  street: 'street', locality: 'city', zipcode: 'postalCode', notes: 'details',
};

type Label = { locale: string; app: string; label: string; field: string };
const labels: Label[] = readFileSync(`${CORPUS}crm-csv-headers/roundcube-csv2vcard-header-labels.tsv`, 'utf8')
  .split('\n').slice(1).filter(Boolean).map((l) => l.split('\t')).map(([locale, app, label, field]) => ({ locale, app, label, field: field?.split(':')[0] ?? '' }));

describe('CSV header mapping on other programs\' labels (Roundcube\'s key)', () => {
  it('maps the labels of Outpost\'s fields, and maps nothing else to them', () => {
    let tp = 0, fp = 0, fn = 0;
    const misses: string[] = [];
    const groups = new Map<string, Label[]>();
    for (const l of labels) groups.set(`${l.locale}/${l.app}`, [...(groups.get(`${l.locale}/${l.app}`) ?? []), l]);
    for (const [group, ls] of groups) {
      const mapping = guessMapping(ls.map((l) => l.label), 'people');
      ls.forEach((l, i) => {
        const want = FIELD[l.field];
        const got = mapping[i]?.target ?? null;
        if (want && got === want) tp++;
        else if (want) { fn++; misses.push(`${group}: "${l.label}" → ${got ?? '-'} (want ${want})`); }
        // A label of another field (an assistant's name, a birthday) mapped to one of ours is invented.
        if (got && got !== want && Object.values(FIELD).includes(got) && !['region', 'country'].includes(l.field)) { fp++; misses.push(`${group}: "${l.label}" → ${got} (is ${l.field})`); }
      });
    }
    if (misses.length) console.log(misses.join("\n"));
    const rows: Row[] = [
      { suite: 'csv-headers', score: 'recall', found: tp, total: tp + fn, value: tp / (tp + fn) },
      { suite: 'csv-headers', score: 'precision', found: tp, total: tp + fp, value: tp / (tp + fp) },
    ];
    expect(tp).toBeGreaterThan(0);
    checkFloors(rows);
  });
});
