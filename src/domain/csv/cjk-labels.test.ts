import { describe, expect, it } from 'vitest';
import { guessMapping } from './targets.ts';
import { cjkLabel } from './cjk-labels.ts';

const mapped = (headers: string[]) => guessMapping(headers, 'people').map((m) => [m.header, m.target, m.category ?? m.group ?? null]);

describe('Chinese and Japanese CSV headers (no word breaks): whole terms, or a group word then a term', () => {
  it('maps a Japanese Outlook export\'s header row, and leaves what Outpost has no field for', () => {
    expect(mapped(['姓', '名', 'ミドル ネーム', '会社名', '部署', '役職', '電子メール アドレス', '会社電話', '携帯電話', '自宅電話', '会社 FAX',
      '会社 番地', '会社 市区町村', '会社 都道府県', '会社 郵便番号', '会社 国', 'Web ページ', 'メモ', '誕生日', 'ニックネーム'])).toEqual([
      ['姓', 'lastName', null], ['名', 'firstName', null], ['ミドル ネーム', 'middleName', null], ['会社名', 'companyName', null],
      ['部署', null, null], ['役職', 'title', null], ['電子メール アドレス', 'email', 'work'], ['会社電話', 'phone', 'work'],
      ['携帯電話', 'phone', 'mobile'], ['自宅電話', 'phone', 'home'], ['会社 FAX', 'phone', 'fax'], ['会社 番地', 'street', 'work'],
      ['会社 市区町村', 'city', 'work'], ['会社 都道府県', 'state', 'work'], ['会社 郵便番号', 'postalCode', 'work'], ['会社 国', 'country', 'work'],
      ['Web ページ', 'website', 'other'], ['メモ', 'details', null], ['誕生日', null, null], ['ニックネーム', null, null],
    ]);
  });

  it('maps Simplified and Traditional Chinese labels, with the address word between group and part', () => {
    expect(mapped(['姓名', '公司', '职务', '电子邮件地址', '商务电话', '移动电话', '住宅传真', '商务地址 街道', '商务地址 市/县', '商务地址 邮政编码', '备注', '部门'])).toEqual([
      ['姓名', 'name', null], ['公司', 'companyName', null], ['职务', 'title', null], ['电子邮件地址', 'email', 'work'], ['商务电话', 'phone', 'work'],
      ['移动电话', 'phone', 'mobile'], ['住宅传真', 'phone', 'fax'], ['商务地址 街道', 'street', 'work'], ['商务地址 市/县', 'city', 'work'],
      ['商务地址 邮政编码', 'postalCode', 'work'], ['备注', 'details', null], ['部门', null, null],
    ]);
    expect(mapped(['住家 - 街', '其他 - 郵遞區號', '商務電話 2', '主要 Email', '住址郵遞區號'])).toEqual([
      ['住家 - 街', 'street', 'home'], ['其他 - 郵遞區號', 'postalCode', 'other'], ['商務電話 2', 'phone', 'work'], ['主要 Email', 'email', 'work'], ['住址郵遞區號', 'postalCode', 'main'],
    ]);
  });

  it('a group word before a name or a company is someone else\'s, and other scripts are not read here', () => {
    expect(cjkLabel('助理')).toBeUndefined(); // an assistant
    expect(cjkLabel('主管名稱')).toBeUndefined(); // a manager's name
    expect(cjkLabel('公司名')).toEqual({ target: 'companyName' }); // "company name", a whole term (as 会社名 is)
    expect(cjkLabel('家名')).toBeUndefined();
    expect(cjkLabel('First Name')).toBeUndefined();
    expect(cjkLabel('Имя')).toBeUndefined();
    // For a company import, the company name is the record's name (the one rule in targets.ts).
    expect(guessMapping(['公司', '商務電話', '姓'], 'companies').map((m) => m.target)).toEqual(['name', 'phone', null]);
  });

  it('a qualifier in brackets says which name part or which phone; readings, extensions and numbered address lines', () => {
    expect(['名前（姓）', '名前（名）', '電話番号（携帯）', '電話番号（外線）', 'ユーザー名（メールアドレス）'].map(cjkLabel)).toEqual([
      { target: 'lastName' }, { target: 'firstName' }, { target: 'phone', category: 'mobile' }, { target: 'phone', category: 'work' }, { target: 'email', category: 'work' },
    ]);
    // Furigana readings and an extension behind the switchboard are not the value.
    for (const label of ['よみ（姓）', '名前（名・フリガナ）', '会社名フリガナ', '会社よみ', '電話番号（内線）']) expect(cjkLabel(label), label).toBeUndefined();
    expect(['自宅住所１', '自宅住所２', '会社住所３', '自宅TEL'].map(cjkLabel)).toEqual([
      { target: 'street', group: 'home' }, { target: 'street2', group: 'home' }, { target: 'street2', group: 'work' }, { target: 'phone', category: 'home' },
    ]);
    // Work's own company and title are the contact's.
    expect(['工作公司', '工作职位', '传呼机', '后缀'].map(cjkLabel)).toEqual([{ target: 'companyName' }, { target: 'title' }, { target: 'phone', category: 'other' }, { target: 'suffix' }]);
  });
});
