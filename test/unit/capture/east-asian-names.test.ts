import { describe, expect, it } from 'vitest';
import { extractFromMessage } from '../../../src/capture/index.ts';
import { findDuplicates } from '../../../src/store/lifecycle/index.ts';
import { fullName } from '../../../src/domain/index.ts';
import { workspace } from '../lifecycle/helpers.ts';

/**
 * Chinese, Japanese and Korean names are now read family name first. Contacts stored before,
 * whose parts were read given-first ("山田 太郎" → first 山田, last 太郎) or kept whole ("王小明"
 * as the first name), must still be found as duplicates of the same person captured today.
 */
describe('East Asian names read family-first keep stored duplicates found', () => {
  function captured(from: string, address: string) {
    const [c] = extractFromMessage({ from: { name: from, address }, text: 'よろしくお願いいたします。' });
    return c;
  }

  it('a sender "山田 太郎" is family 山田, given 太郎, shown as written', () => {
    const c = captured('山田 太郎', 'taro.yamada@kaisha.example.jp');
    expect(c.name).toMatchObject({ last: '山田', first: '太郎', full: '山田太郎' });
  });

  it('finds the contact stored with the parts the other way round, and the one stored whole, at the same company', () => {
    const { repo } = workspace();
    const company = repo.create('companies', { name: '株式会社サンプル' });
    const swapped = repo.create('people', { name: { first: '山田', last: '太郎' }, companyId: company.id });
    const whole = repo.create('leads', { name: { first: '王小明' }, companyName: '龙软科技有限公司' });
    const stranger = repo.create('people', { name: { first: '花子', last: '山田' }, companyId: company.id });

    const taro = captured('山田 太郎', 'taro@kaisha.example.jp');
    const found = findDuplicates(repo, { collection: 'leads', candidate: { name: { first: taro.name!.first, last: taro.name!.last }, companyName: 'サンプル' } });
    expect(found.map((m) => [m.id, m.reasons.map((r) => r.kind)])).toEqual([[swapped.id, ['name']]]);
    expect(found.map((m) => m.id)).not.toContain(stranger.id);

    const wang = captured('王小明', 'xm.wang@longruan.example.cn');
    expect(wang.name).toMatchObject({ last: '王', first: '小明' });
    const again = findDuplicates(repo, { collection: 'leads', candidate: { name: { first: wang.name!.first, last: wang.name!.last }, companyName: '龙软科技' } });
    expect(again.map((m) => m.id)).toEqual([whole.id]);
    // The stored records are not rewritten; the new one reads as written.
    expect(fullName(repo.get('leads', whole.id)!.name as never)).toBe('王小明');
    expect(fullName({ first: wang.name!.first, last: wang.name!.last })).toBe('王小明');
  });

  it('a Latin-script name whose family name is in capitals ("WANG Xiaoming") is read family first, and finds the contact stored the other way round', () => {
    const { repo } = workspace();
    const stored = repo.create('leads', { name: { first: 'Wang', last: 'Xiaoming' }, companyName: 'Longruan Technology' });
    const wang = captured('WANG Xiaoming', 'xm.wang@longruan.example.cn');
    expect(wang.name).toMatchObject({ first: 'Xiaoming', last: 'Wang' });
    const found = findDuplicates(repo, { collection: 'leads', candidate: { name: { first: wang.name!.first, last: wang.name!.last }, companyName: 'Longruan Technology' } });
    expect(found.map((m) => [m.id, m.reasons.map((r) => r.kind)])).toEqual([[stored.id, ['name']]]);
    // Without the mark the order written stays: "Taro Yamada" is given name first.
    expect(captured('Taro Yamada', 'taro@kaisha.example.jp').name).toMatchObject({ first: 'Taro', last: 'Yamada' });
  });
});
