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

/** One label of a program's header row, the field it is (null: none of ours), and whether a wrong
 *  field it maps to counts as invented (`counted`). */
type Case = { group: string; label: string; want: Target | null; is: string; counted: (got: Target) => boolean };

/** Recall and precision of the mapping over whole header rows (one per group, as an export has it). */
function score(suite: string, cases: Case[]): Row[] {
  let tp = 0, fp = 0, fn = 0;
  const misses: string[] = [];
  const groups = new Map<string, Case[]>();
  for (const c of cases) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
  for (const [group, cs] of groups) {
    const mapping = guessMapping(cs.map((c) => c.label), 'people');
    cs.forEach((c, i) => {
      const got = mapping[i]?.target ?? null;
      if (c.want && got === c.want) tp++;
      else if (c.want) { fn++; misses.push(`${group}: "${c.label}" → ${got ?? '-'} (want ${c.want})`); }
      if (got && got !== c.want && c.counted(got)) { fp++; misses.push(`${group}: "${c.label}" → ${got} (is ${c.is})`); }
    });
  }
  if (misses.length) console.log(misses.join('\n'));
  expect(tp).toBeGreaterThan(0);
  return [
    { suite, score: 'recall', found: tp, total: tp + fn, value: tp / (tp + fn) },
    { suite, score: 'precision', found: tp, total: tp + fp, value: tp / (tp + fp) },
  ];
}

describe('CSV header mapping on other programs\' labels (Roundcube\'s key)', () => {
  it('maps the labels of Outpost\'s fields, and maps nothing else to them', () => {
    // A label of another field (an assistant's name, a birthday) mapped to one of ours is invented.
    checkFloors(score('csv-headers', labels.map((l) => ({
      group: `${l.locale}/${l.app}`, label: l.label, want: FIELD[l.field] ?? null, is: l.field,
      counted: (got) => Object.values(FIELD).includes(got) && !['region', 'country'].includes(l.field),
    }))));
  });

  it('maps Simplified Chinese and Japanese programs\' labels (the repo\'s own key, csv-headers-cjk.json)', () => {
    // Not in the corpus: labels of Outlook/Thunderbird/Atmail in Simplified Chinese and of Japanese
    // address books (Cybozu, Aipo, 宛名職人), each with the field it is, sources named in the file.
    const key = JSON.parse(readFileSync(new URL('./csv-headers-cjk.json', import.meta.url), 'utf8')) as { programs: Record<string, [string, Target | null][]> };
    checkFloors(score('csv-headers-cjk', Object.entries(key.programs).flatMap(([program, rows]) =>
      rows.map(([label, want]) => ({ group: program, label, want, is: want ?? 'none of ours', counted: () => true })))));
  });
});
