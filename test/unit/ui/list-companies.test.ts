import { describe, expect, it } from 'vitest';
import { createListModel } from '../../../src/ui/models/list-model.ts';
import type { ListPage, ListRow, ReadPort, RecordName } from '../../../src/ui/ports.ts';

const row = (id: string, data: Record<string, unknown>, subtitle = ''): ListRow => ({ id, type: 'people', name: id, subtitle, statusId: '', data: { id, ...data } });

describe('the panel’s list names a person’s company (its row holds only the id)', () => {
  it('asks the port for the names of the companies in the window, once per set; a trashed or unread company leaves the line as it was', () => {
    const asked: string[][] = [];
    let names: (n: Record<string, RecordName>) => void = () => {};
    const rows = [
      row('ada', { title: 'Engineer', companyId: 'c1', emails: [{ email: 'ada@ae.example' }] }, 'Engineer · ada@ae.example'),
      row('charles', { companyId: 'c1' }),
      row('kay', { companyId: 'c2' }),
      row('grace', { companyName: 'Navy', companyId: 'c3' }, 'Navy'),
    ];
    const read = {
      watchList: (_q: unknown, on: (p: ListPage) => void) => { on({ rows, total: rows.length }); return () => {}; },
      watchNames: (refs: { type: string; id: string }[], on: (n: Record<string, RecordName>) => void) => { asked.push(refs.map((r) => `${r.type}:${r.id}`)); names = on; return () => {}; },
    } as unknown as ReadPort;
    const m = createListModel(read, 'people');
    expect(asked).toEqual([['companies:c1', 'companies:c2']]); // Grace's typed company needs no name
    expect(m.subtitle(rows[0])).toBe('Engineer · ada@ae.example'); // not read yet: the row's own line
    names({ 'companies:c1': { name: 'Analytical Engines Ltd', deleted: false }, 'companies:c2': { name: 'Gone Looms', deleted: true } });
    expect(rows.map((r) => m.subtitle(r))).toEqual(['Engineer · Analytical Engines Ltd · ada@ae.example', 'Analytical Engines Ltd', '', 'Navy']);
    m.dispose();
  });
});
