import type { Target } from './targets.ts';

/**
 * CSV header labels in Chinese (Traditional and Simplified) and Japanese, which have no word
 * breaks for `family`'s word lists: a label is read as a whole term ("公司", "電子郵件地址",
 * "郵便番号"), or as a group word then a term ("商務傳真" = business + fax, "住家 - 市/鎮" =
 * home + city, "会社 電話" = work + phone), as Outlook, Gmail and phone exports write them.
 * Spaces, dashes, slashes and numbers ("商務電話 2") are not part of the term.
 */
export type CjkSpec = { target: Target; category?: string; group?: string };

const HAS_CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** Group words before a term: whose phone, fax or address part it is. */
const GROUPS: [string[], string][] = [
  [['商務', '商务', '公司', '工作', '單位', '单位', '会社', '勤務先', '職場'], 'work'],
  [['住家', '住宅', '家庭', '居住', '家', '自宅', '個人', '个人', '私人'], 'home'],
  [['其他', '其它', 'その他', '次要', '備用', '备用'], 'other'],
  [['主要', '住址', '地址'], 'main'],
];

type Term = { target: Target; category?: string };
const terms = new Map<string, Term>();
const add = (target: Target, words: string[], category?: string) => { for (const w of words) terms.set(w, { target, ...(category && { category }) }); };

add('name', ['顯示名稱', '显示名称', '姓名', '全名', '名稱', '名称', '表示名', '氏名', '名前', 'フルネーム']);
add('firstName', ['名字', '名', '名(英語)', 'ファーストネーム']);
add('lastName', ['姓氏', '姓', 'ラストネーム']);
add('middleName', ['中間名', '中间名', 'ミドルネーム']);
add('prefix', ['頭銜', '头衔', '敬稱', '敬称']);
add('suffix', ['稱謂', '称谓', '后缀', '後綴']);
add('title', ['職稱', '职称', '職務', '职务', '職位', '职位', '役職', '役職名', '肩書き', '肩書']);
add('companyName', ['公司', '公司名', '公司名稱', '公司名称', '單位', '单位', '機構', '机构', '組織', '组织', '会社', '会社名', '勤務先', '企業', '企业']);
add('email', ['電子郵件', '电子邮件', '電子郵件地址', '电子邮件地址', '郵件', '邮件', '郵件地址', '邮件地址', '郵箱', '邮箱', '電郵', '电邮', 'メール', 'メールアドレス', '電子メール', '電子メールアドレス', 'Eメール', '携帯メール', '携帯メールアドレス']);
add('phone', ['電話', '电话', '電話號碼', '电话号码', '號碼', '号码', '代表電話', '总机', '電話番号', '固定電話', 'TEL', 'Tel', 'ＴＥＬ', '外線']);
add('phone', ['行動電話', '移动电话', '移動電話', '手機', '手机', '手機號碼', '手机号码', '汽車電話', '车载电话', '携帯電話', '携帯', '携帯番号', '自動車電話'], 'mobile');
add('phone', ['傳真', '传真', '傳真號碼', '传真号码', 'ファックス', 'FAX', 'ファクス'], 'fax');
add('phone', ['呼叫器', '呼叫器號碼', '寻呼机', '尋呼機', '传呼机', '传呼机号码', '傳呼機', 'ポケットベル', '助理電話', '助理电话'], 'other');
add('website', ['網頁', '网页', '網站', '网站', '網址', '网址', '主頁', '主页', '首頁', 'ホームページ', 'ウェブページ', 'Webページ', 'ウェブサイト']);
add('street', ['街', '街道', '地址', '住址', '通訊地址', '通讯地址', '番地', '住所', '所在地']);
add('city', ['市鎮', '市镇', '城市', '市', '市縣', '市县', '市區町村', '市区町村', '都市']);
add('state', ['縣市', '县市', '省', '州', '省份', '省市', '都道府県', '省/自治區', '地區', '地区']);
add('postalCode', ['郵遞區號', '邮递区号', '郵政編碼', '邮政编码', '郵編', '邮编', '郵便番号', '〒']);
add('country', ['國家', '国家', '國家地區', '国家地区', '國', '国', '国名', '国/地域']);
add('details', ['記事', '记事', '備註', '备注', '附註', '附注', '筆記', '笔记', 'メモ', '備考', '注記', '信息', '資訊']);
add('tags', ['類別', '类别', '分類', '分类', '群組', '群组', 'カテゴリ', 'グループ']);
// A deal's or lead's amount ("金额 (¥)": the header's sign names its currency) and the currency column.
add('monetaryValue', ['金额', '金額', '商机金额', '商機金額', '交易金额', '交易金額', '案件金額', '見込み金額', '見込金額', '受注金額']);
add('currency', ['币种', '幣別', '幣種', '货币', '貨幣', '通貨']);

const ADDRESS_WORD = /^(?:地址|住址|住所)(?=.)/;

/** A group word ends a term's group ("商務" work); "main" for "主要" and address words. */
const GROUPED: ReadonlySet<Target> = new Set(['street', 'city', 'state', 'postalCode', 'country']);

// A reading of a name or a company (furigana: "よみ（姓）", "会社名フリガナ", "名前（名・フリガナ）"):
// how to pronounce the value, not the value.
const READING = /フリガナ|ふりがな|よみ|ヨミ|読み|カナ|かな|拼音/;
/** A qualifier in brackets naming which name part ("名前（姓）") or which phone ("電話番号（携帯）"). */
const QUALIFIED = /^(.+?)[(（]([^()（）]+)[)）]$/;
const NAME_PART: Record<string, Target> = { 姓: 'lastName', 名: 'firstName', 姓氏: 'lastName', 名字: 'firstName' };
const PHONE_KIND: Record<string, string> = { 携帯: 'mobile', 携帯電話: 'mobile', 手機: 'mobile', 手机: 'mobile', 外線: 'work', 会社: 'work', 勤務先: 'work', 自宅: 'home', FAX: 'fax', ファックス: 'fax' };
// An extension ("電話番号（内線）", "分机") is a few digits behind the switchboard, no number to call.
const EXTENSION = /内線|分機|分机/;

/** The field of a Chinese or Japanese header label, or undefined (another language, or not a term we know). */
export function cjkLabel(header: string): CjkSpec | undefined {
  if (!HAS_CJK.test(header) || READING.test(header) || EXTENSION.test(header)) return undefined;
  const q = header.trim().match(QUALIFIED);
  if (q) {
    const [outer, inner] = [cjkLabel(q[1]), q[2].trim()];
    if (outer?.target === 'name' && NAME_PART[inner]) return { target: NAME_PART[inner] };
    if (outer?.target === 'phone' && PHONE_KIND[inner]) return { target: 'phone', category: PHONE_KIND[inner] };
    // "ユーザー名（メールアドレス）": the bracket says what the value is.
    const said = cjkLabel(inner);
    if (!outer && said && (said.target === 'email' || said.target === 'phone')) return said;
  }
  // Numbers count only after an address word: "住所２" is the street's second line.
  const second = /(?:住所|番地|地址|住址|街道)[2-9２-９]$/.test(header.trim());
  const label = header.replace(/[\s\-–—_/／・:：()（）\d０-９]+/g, '');
  const found = labelSpec(label);
  return second && found?.target === 'street' ? { ...found, target: 'street2' } : found;
}

function labelSpec(label: string): CjkSpec | undefined {
  const spec = (term: Term, group: string) => (GROUPED.has(term.target)
    ? { target: term.target, group }
    : term.target === 'email' || term.target === 'phone' ? { target: term.target, category: term.category ?? (group === 'main' ? 'work' : group) }
      : term.target === 'website' ? { target: term.target, category: 'other' } : { target: term.target });
  const whole = terms.get(label);
  if (whole) return spec(whole, 'main');
  for (const [words, group] of GROUPS) {
    for (const w of words) {
      if (!label.startsWith(w) || label.length === w.length) continue;
      // "商务地址 街道": the address word between the group and the part.
      const rest = label.slice(w.length);
      const term = terms.get(rest) ?? (ADDRESS_WORD.test(rest) ? terms.get(rest.replace(ADDRESS_WORD, '')) : undefined);
      // A group word before a name or a company is someone else's ("公司名" is fine: whole-label
      // above), but work's own company and title are the contact's ("工作公司", "工作职位").
      const own = group === 'work' && !!term && (term.target === 'companyName' || term.target === 'title');
      if (term && (GROUPED.has(term.target) || term.target === 'email' || term.target === 'phone' || term.target === 'website' || own)) return spec(term, group);
    }
  }
  return undefined;
}
