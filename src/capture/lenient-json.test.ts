import { describe, expect, it } from 'vitest';
import { parseLenientJson } from './lenient-json.ts';

describe('parseLenientJson', () => {
  it.each([
    ['comments', '// lead\n{"a": 1, /* x */ "b": "http://x.org"} <!-- y -->', [{ a: 1, b: 'http://x.org' }]],
    ['CDATA', '<![CDATA[{"a":1}]]>', [{ a: 1 }]],
    ['raw newline in a string', '{"a":"line 1\nline 2"}', [{ a: 'line 1\nline 2' }]],
    ['trailing comma and brace', '{"a":[1,2,],}}', [{ a: [1, 2] }]],
    ['invalid escape', '{"a":"it\\\'s \\d"}', [{ a: "it's \\d" }]],
    ['two values', '{"a":1}{"b":2}', [{ a: 1 }, { b: 2 }]],
    ['garbage', '{"a": "unterminated', []],
  ])('%s', (_name, input, expected) => expect(parseLenientJson(input)).toEqual(expected));
});
