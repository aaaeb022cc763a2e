import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { MAX_JSON_DEPTH, readJson } from './respond.ts';

const request = (body: string) => Object.assign(Readable.from([Buffer.from(body)]), { headers: {} }) as unknown as IncomingMessage;
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const refusal = (body: string) => readJson(request(body)).then(() => null, (error: { status: number; message: string }) => ({ status: error.status, message: error.message }));

describe('readJson: what a JSON body may be, and what the answer says when it is not', () => {
  it('nesting past the bound says so (3,001 levels said "Body is not valid JSON" before), at any depth, without recursion', async () => {
    const tooDeep = { status: 400, message: expect.stringMatching(/nested too deeply: arrays and objects more than 64 levels/) };
    expect(await refusal(nested(MAX_JSON_DEPTH + 1))).toEqual(tooDeep);
    expect(await refusal(nested(3001))).toEqual(tooDeep);
    expect(await refusal(`{"a":${nested(30_000)}}`)).toEqual(tooDeep);
    expect(await readJson(request(nested(MAX_JSON_DEPTH)))).toBeInstanceOf(Array);
  });

  it('broken JSON says where; a "__proto__" key at any depth is refused; an ordinary body passes', async () => {
    expect(await refusal('{"name":')).toEqual({ status: 400, message: expect.stringMatching(/^Body is not valid JSON \(.+\)\.$/) });
    expect(await refusal('{"a":[{"__proto__":{"polluted":true}}]}')).toEqual({ status: 400, message: 'The body has a "__proto__" key, which no field may have.' });
    expect(await readJson(request('{"name":{"first":"Ada"},"__proto__x":1,"tags":["a"]}'))).toEqual({ name: { first: 'Ada' }, __proto__x: 1, tags: ['a'] });
    expect(await readJson(request(''))).toEqual({});
  });
});
