import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFromEml } from '../../../src/capture/index.ts';
import { senderName } from '../../../src/capture/sender.ts';
import { findSignature, signatureLines } from '../../../src/capture/signature.ts';
import { CORPUS, checkFloors, walkFiles, type Row } from './scoring.ts';

/** "Cook  Diane H." <Diane.H.Cook@ENRON.com>, "Vickers, Frank", bare addresses. */
function sender(raw: string) {
  const m = raw.trim().match(/^(.*?)\s*<([^>]+)>\s*$/);
  return senderName(m ? m[1] : raw.trim(), m ? m[2] : raw.includes('@') ? raw.trim() : undefined)?.parts;
}

const rate = (suite: string, score: string, found: number, total: number): Row => ({ suite, score, found, total, value: total ? found / total : 1 });

describe('email corpus (mailgun-forge, mailgun-talon, mikel-mail-emails)', () => {
  it('detects signature lines, finds talon\'s signatures and parses every .eml', async () => {
    const rows: Row[] = [];
    // mailgun-forge: line-level precision and recall over non-blank lines; "#sig#" marks the truth.
    let tp = 0, fp = 0, fn = 0;
    for (const set of ['P', 'N']) {
      const dir = `${CORPUS}mailgun-forge/dataset/${set}/`;
      for (const f of readdirSync(dir).filter((n) => n.endsWith('_body'))) {
        const raw = readFileSync(dir + f, 'utf8').replace(/\r\n?/g, '\n').split('\n');
        const lines = raw.map((l) => l.replace(/^#sig#/, ''));
        const { start, end } = findSignature(lines, sender(readFileSync(dir + f.replace('_body', '_sender'), 'utf8')));
        raw.forEach((l, i) => {
          if (!lines[i].trim()) return;
          const predicted = start >= 0 && i >= start && i < end;
          const truth = l.startsWith('#sig#');
          if (predicted && truth) tp++;
          else if (predicted) fp++;
          else if (truth) fn++;
        });
      }
    }
    rows.push(rate('mailgun-forge', 'signature-precision', tp, tp + fp), rate('mailgun-forge', 'signature-recall', tp, tp + fn));

    // mailgun-talon: the expected signature of each "stripped" case is what we cut off.
    const stripped = `${CORPUS}mailgun-talon/tests/fixtures/signature/emails/stripped/`;
    let talonOk = 0, talonTotal = 0;
    for (const f of readdirSync(stripped).filter((n) => n.endsWith('_body'))) {
      const body = readFileSync(stripped + f, 'utf8');
      const expected = readFileSync(stripped + f.replace('_body', '_signature'), 'utf8');
      const ours = signatureLines(body, sender(readFileSync(stripped + f.replace('_body', '_sender'), 'utf8')));
      const clean = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean).join('\n');
      talonTotal++;
      if (clean(ours.join('\n')) === clean(expected)) talonOk++;
    }
    rows.push(rate('mailgun-talon', 'expected-signature-found', talonOk, talonTotal));

    for (const suite of ['mailgun-talon', 'mikel-mail-emails']) {
      let parsed = 0, withSender = 0;
      const files = walkFiles(CORPUS + suite, /\.eml$/);
      for (const f of files) {
        const candidates = await extractFromEml(readFileSync(f)); // must not throw
        parsed++;
        if (candidates.some((c) => c.emails.length)) withSender++;
      }
      rows.push(rate(suite, 'eml-parsed', parsed, files.length), rate(suite, 'eml-with-sender', withSender, files.length));
    }
    expect(rows.find((r) => r.score === 'eml-parsed')!.value).toBe(1);
    checkFloors(rows);
  });
});
