import { describe, expect, it } from 'vitest';
import { defaults } from './config.ts';
import { isSeededNoSource, namesNoSource, readSourceId } from './no-source.ts';

describe('"No source" is the unset source, never a list entry', () => {
  it('new workspaces seed no "No source" source', () => {
    expect(defaults.sources.some((s) => s.id === 'no-source' || namesNoSource(s.name))).toBe(false);
    expect(defaults.sources.map((s) => s.order)).toEqual(defaults.sources.map((_, i) => i));
  });

  it('a record holding the seeded id reads as no source; any other id is kept', () => {
    expect(readSourceId('no-source')).toBeUndefined();
    expect(readSourceId('email')).toBe('email');
    expect(readSourceId(undefined)).toBeUndefined();
  });

  it('only the untouched seed (same id and name) is the seed', () => {
    expect(isSeededNoSource({ id: 'no-source', name: 'No source' })).toBe(true);
    expect(isSeededNoSource({ id: 'no-source', name: 'Walk-in' })).toBe(false);
    expect(isSeededNoSource({ id: 'none', name: 'No source' })).toBe(false);
  });

  it('a typed "No source" in any case or spacing, or the old id, means none; other names do not', () => {
    for (const t of ['No source', 'no SOURCE', '  No   source ', 'no-source']) expect(namesNoSource(t), t).toBe(true);
    for (const t of ['', 'Source', 'No sources', 'Email', 'none']) expect(namesNoSource(t), t).toBe(false);
  });
});
