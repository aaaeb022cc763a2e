import { describe, expect, it } from 'vitest';
import { splitFullName } from './names.ts';

describe('splitFullName', () => {
  it.each([
    ['Ada Lovelace', { first: 'Ada', last: 'Lovelace' }],
    ['Ada', { first: 'Ada' }],
    ['  Ada  King   Lovelace ', { first: 'Ada', middle: 'King', last: 'Lovelace' }],
    ['Dr. Ada B. Lovelace Jr.', { prefix: 'Dr.', first: 'Ada', middle: 'B.', last: 'Lovelace', suffix: 'Jr.' }],
    ['Lovelace, Ada', { first: 'Ada', last: 'Lovelace' }],
    ['Grace Hopper, PhD', { first: 'Grace', last: 'Hopper', suffix: 'PhD' }],
    ['Mr. Bean', { prefix: 'Mr.', first: 'Bean' }],
    ['', {}],
  ])('%s', (full, expected) => {
    expect(splitFullName(full)).toEqual(expected);
  });
});
