import { describe, expect, it } from 'vitest';
import { familyAndSuffix, formatName, looksLikePersonName, nameKey, nameSimilarity, parseName, properCase, properCaseParts, SIMILAR_NAME, type NameParts } from './names.ts';

describe('parseName', () => {
  const cases: [string, string, NameParts][] = [
    ['given then family', 'Ada Lovelace', { first: 'Ada', last: 'Lovelace' }],
    ['"Last, First Middle"', 'Lovelace, Ada Byron', { first: 'Ada', middle: 'Byron', last: 'Lovelace' }],
    ['"Last, First, Suffix"', 'Lovelace, Ada, Jr.', { first: 'Ada', last: 'Lovelace', suffix: 'Jr.' }],
    ['"Last Suffix, First" (Exchange)', 'McMichael Jr., Ed', { first: 'Ed', last: 'McMichael', suffix: 'Jr.' }],
    ['suffix after a comma stays given-first', 'Ada Lovelace, PhD', { first: 'Ada', last: 'Lovelace', suffix: 'PhD' }],
    ['leading "Sr." is Señor (a prefix)', 'Sr. Juan Perez', { prefix: 'Sr.', first: 'Juan', last: 'Perez' }],
    ['trailing "Sr." is Senior (a suffix)', 'Juan Perez Sr.', { first: 'Juan', last: 'Perez', suffix: 'Sr.' }],
    ['Dutch particles', 'Maarten van der Linde', { first: 'Maarten', last: 'van der Linde' }],
    ['German particle', 'Ursula von der Leyen', { first: 'Ursula', last: 'von der Leyen' }],
    ['Spanish particles', 'Juan de la Cruz', { first: 'Juan', last: 'de la Cruz' }],
    ['Portuguese particle', 'João da Silva', { first: 'João', last: 'da Silva' }],
    ['particles in "Last, First"', 'van der Linde, Maarten', { first: 'Maarten', last: 'van der Linde' }],
    ['capitalised particle', 'Eddie Van Halen', { first: 'Eddie', last: 'Van Halen' }],
    ['a first name that is a particle', 'Van Morrison', { first: 'Van', last: 'Morrison' }],
    ['prefix, middle initial, suffix', 'Dr. Ada B. Lovelace Jr.', { prefix: 'Dr.', first: 'Ada', middle: 'B.', last: 'Lovelace', suffix: 'Jr.' }],
    ['several prefixes', 'Prof. Dr. Hans Müller', { prefix: 'Prof. Dr.', first: 'Hans', last: 'Müller' }],
    ['German honorific', 'Herr Hans Müller', { prefix: 'Herr', first: 'Hans', last: 'Müller' }],
    ['French honorific', 'Mme Claire Dubois', { prefix: 'Mme', first: 'Claire', last: 'Dubois' }],
    ['Italian honorific', 'Dott. Marco Rossi', { prefix: 'Dott.', first: 'Marco', last: 'Rossi' }],
    ['Spanish "Sra."', 'Sra. María García', { prefix: 'Sra.', first: 'María', last: 'García' }],
    ['prefix and family name only', 'Mr. Smith', { prefix: 'Mr.', last: 'Smith' }],
    ['roman numeral suffix', 'John Smith III', { first: 'John', last: 'Smith', suffix: 'III' }],
    ['two suffixes', 'Martin Luther King Jr. PhD', { first: 'Martin', middle: 'Luther', last: 'King', suffix: 'Jr. PhD' }],
    ['initials', 'J. R. R. Tolkien', { first: 'J.', middle: 'R. R.', last: 'Tolkien' }],
    ['ALL CAPS → proper case', 'ADA LOVELACE', { first: 'Ada', last: 'Lovelace' }],
    ['ALL CAPS with Mc, O\' and hyphen', "JEAN-LUC O'BRIEN MCDONALD", { first: 'Jean-Luc', middle: "O'Brien", last: 'McDonald' }],
    ['ALL CAPS particles go lower', 'MAARTEN VAN DER LINDE', { first: 'Maarten', last: 'van der Linde' }],
    ['ALL CAPS "Last, First" and degree', 'LOVELACE, ADA, MBA', { first: 'Ada', last: 'Lovelace', suffix: 'MBA' }],
    ['mixed case is kept as typed', 'Danny DeVito', { first: 'Danny', last: 'DeVito' }],
    ['one word', 'Cher', { first: 'Cher' }],
    ['quotes and spaces', '  "Ada   Lovelace"  ', { first: 'Ada', last: 'Lovelace' }],
    ['empty', '   ', {}],
  ];
  it.each(cases)('%s: %s', (_, input, expected) => expect(parseName(input)).toEqual(expected));
});

describe('name helpers', () => {
  it('formats parts in reading order', () => {
    expect(formatName({ prefix: 'Dr.', first: 'Ada', middle: 'Byron', last: 'Lovelace', suffix: 'Jr.' })).toBe('Dr. Ada Byron Lovelace Jr.');
    expect(formatName(undefined)).toBe('');
  });
  it.each([
    ['Dr. Ada Lovelace', 'ADA LOVELACE'],
    ['Lovelace, Ada', 'Ada Lovelace'],
    ['Adá Lovelace', 'Ada Lovelace'],
  ])('one key for %s and %s', (a, b) => expect(nameKey(a)).toBe(nameKey(b)));
  it('keeps only proper-cases capitals', () => {
    expect(properCase('ADA LOVELACE')).toBe('Ada Lovelace');
    expect(properCase('danah boyd')).toBe('danah boyd');
  });
  it.each([
    ['Ada Lovelace', true], ['Maarten van der Linde', true], ['sales@acme.com', false], ['Call 555 0100', false], ['ACME | Sales', false],
  ])('looksLikePersonName(%s) = %s', (s, expected) => expect(looksLikePersonName(s)).toBe(expected));
  it('names: equal, initials and nicknames-by-prefix are similar; different people are not', () => {
    expect(nameSimilarity('Ada Lovelace', 'ada  LOVELACE')).toBe(1);
    expect(nameSimilarity('Zoë Smith', 'Zoe Smith')).toBe(1);
    expect(nameSimilarity('A. Lovelace', 'Ada Lovelace')).toBeGreaterThanOrEqual(0.9);
    expect(nameSimilarity('Ada Lovelace', 'Ada Lovelance')).toBeGreaterThanOrEqual(0.9);
    expect(nameSimilarity('Ada Lovelace', 'Grace Hopper')).toBeLessThan(0.9);
    expect(nameSimilarity('Ada Lovelace', 'Bob Lovelace')).toBeLessThan(0.9);
    expect(nameSimilarity('', 'Ada')).toBe(0);
  });

  it('a Chinese or Japanese name alone on its line looks like a name; a role or an organisation does not', () => {
    for (const name of ['李伟', '王芳', '山田 太郎', '山田\u3000太郎', '欧阳娜娜']) expect(looksLikePersonName(name), name).toBe(true);
    for (const not of ['销售总监', '龙软科技有限公司', '営業部', '市场部经理', '研究所', '中华人民共和国']) expect(looksLikePersonName(not), not).toBe(false);
  });
});

describe('East Asian names: family name first in their own script', () => {
  const cases: [string, NameParts, string][] = [
    ['山田 太郎', { last: '山田', first: '太郎' }, '山田太郎'],
    ['山田\u3000花子', { last: '山田', first: '花子' }, '山田花子'],
    ['王小明', { last: '王', first: '小明' }, '王小明'],
    ['李伟', { last: '李', first: '伟' }, '李伟'],
    ['欧阳娜娜', { last: '欧阳', first: '娜娜' }, '欧阳娜娜'],
    ['司馬遷', { last: '司馬', first: '遷' }, '司馬遷'],
    ['佐々木健太', { first: '佐々木健太' }, '佐々木健太'],
    ['山田はなこ', { last: '山田', first: 'はなこ' }, '山田はなこ'],
    ['김민수', { last: '김', first: '민수' }, '김민수'],
    ['남궁민수', { last: '남궁', first: '민수' }, '남궁민수'],
  ];
  it.each(cases)('%s', (input, parts, full) => {
    expect(parseName(input)).toEqual(parts);
    expect(formatName(parseName(input))).toBe(full);
  });
  it('a katakana name with a middle dot, and Latin transliterations, stay given-first', () => {
    expect(parseName('ジョン・スミス')).toEqual({ first: 'ジョン・スミス' });
    expect(parseName('Wang Xiaoming')).toEqual({ first: 'Wang', last: 'Xiaoming' });
    expect(parseName('Taro Yamada')).toEqual({ first: 'Taro', last: 'Yamada' });
  });
});

describe('a family name marked by capitals (Latin script)', () => {
  it.each([
    ['Chinese, family first', 'WANG Xiaoming', { first: 'Xiaoming', last: 'Wang' }],
    ['Japanese, family first', 'YAMADA Taro', { first: 'Taro', last: 'Yamada' }],
    ['Japanese, family last', 'Taro YAMADA', { first: 'Taro', last: 'Yamada' }],
    ['Korean, hyphenated given name', 'KIM Min-jun', { first: 'Min-jun', last: 'Kim' }],
    ['two-letter family names', 'LI Na', { first: 'Na', last: 'Li' }],
    ['Cantonese "NG"', 'NG Wai Kit', { first: 'Wai', middle: 'Kit', last: 'Ng' }],
    ['French administrative order', 'DUPONT Jean-Pierre', { first: 'Jean-Pierre', last: 'Dupont' }],
    ['two family names in capitals', 'María GARCÍA LÓPEZ', { first: 'María', last: 'García López' }],
    ['with a prefix', 'Dr. ZHANG Wei', { prefix: 'Dr.', first: 'Wei', last: 'Zhang' }],
    // No mark: the words stay in the order written; initials are no family name.
    ['no capitals', 'Xiaoming Wang', { first: 'Xiaoming', last: 'Wang' }],
    ['a name all in capitals', 'ADA LOVELACE', { first: 'Ada', last: 'Lovelace' }],
    ['initials in capitals', 'AJ Styles', { first: 'AJ', last: 'Styles' }],
    ['an initial', 'A One', { first: 'A', last: 'One' }],
    ['a degree after the name', 'Ada Lovelace MBA', { first: 'Ada', last: 'Lovelace', suffix: 'MBA' }],
    ['capitals in the middle', 'Ana MARÍA López', { first: 'Ana', middle: 'MARÍA', last: 'López' }],
    // A name's own head before the capitals ("Mc", "Mac", "De") is still a family name in capitals.
    ['Mc, then capitals', 'Sean McALLISTER', { first: 'Sean', last: 'McAllister' }],
    ['Mc, then capitals, family first', 'McALLISTER Sean', { first: 'Sean', last: 'McAllister' }],
    ['the whole name in capitals but the head', 'SEAN McALLISTER', { first: 'Sean', last: 'McAllister' }],
    ['Mac, then capitals', 'Angus MacDONALD', { first: 'Angus', last: 'MacDonald' }],
    ['De, then capitals', 'Danny DeVITO', { first: 'Danny', last: 'DeVito' }],
    ["an apostrophe", "O'BRIEN Patrick", { first: 'Patrick', last: "O'Brien" }],
    ['hyphenated', 'Emma SMITH-JONES', { first: 'Emma', last: 'Smith-Jones' }],
    // Leading particles lower case, as "Jan van der Berg" typed in mixed case is parsed.
    ['particles in capitals', 'Jan VAN DER BERG', { first: 'Jan', last: 'van der Berg' }],
    ['particles, the whole name in capitals', 'JAN VAN DER BERG', { first: 'Jan', last: 'van der Berg' }],
    ['particles, family first', 'DE LA CRUZ Ana', { first: 'Ana', last: 'de la Cruz' }],
    ['mixed case stays as typed', 'Sean McAllister', { first: 'Sean', last: 'McAllister' }],
  ])('%s: %s', (_what, input, parts) => expect(parseName(input)).toEqual(parts));

  it('a contact stored with the words the other way round is still the same person at one company', () => {
    expect(nameSimilarity('Wang Xiaoming', 'Xiaoming Wang')).toBeGreaterThanOrEqual(SIMILAR_NAME);
    expect(nameSimilarity('Wang Xiaoming', 'Xiaoming Li')).toBeLessThan(SIMILAR_NAME);
  });
  it('contacts stored given-first before this rule keep their key and are similar to the new reading', () => {
    // Read before: "山田 太郎" → first 山田, last 太郎; "王小明" whole as the first name.
    const storedSwapped = { first: '山田', last: '太郎' };
    const storedWhole = { first: '王小明' };
    expect(nameKey(storedSwapped)).toBe(nameKey('山田 太郎'));
    expect(nameKey(storedSwapped)).toBe(nameKey('山田太郎'));
    expect(nameKey(storedWhole)).toBe(nameKey('王小明'));
    expect(nameKey({ last: '王', first: '小明' })).toBe(nameKey('王小明'));
    expect(nameSimilarity(formatName(storedSwapped), formatName(parseName('山田 太郎')))).toBe(1);
    expect(nameSimilarity(formatName(storedWhole), formatName(parseName('王小明')))).toBe(1);
    expect(nameSimilarity('山田 太郎', '山田太郎')).toBe(1);
    // Different people stay apart.
    expect(nameKey('山田太郎')).not.toBe(nameKey('山田花子'));
    expect(nameSimilarity('山田太郎', '山田花子')).toBeLessThan(SIMILAR_NAME);
    expect(nameSimilarity('王小明', '王小红')).toBeLessThan(SIMILAR_NAME);
  });
});

describe('familyAndSuffix: credentials written into the family-name cell', () => {
  it.each([
    ['Okafor, CFA', { last: 'Okafor', suffix: 'CFA' }],
    ['Smith MBA, PMP', { last: 'Smith', suffix: 'MBA PMP' }],
    ['King Jr.', { last: 'King', suffix: 'Jr.' }],
    ['Nguyen, PhD', { last: 'Nguyen', suffix: 'PhD' }],
    ['Gates III', { last: 'Gates', suffix: 'III' }],
    ['Lovelace', { last: 'Lovelace' }],
    ['Ma', { last: 'Ma' }],
    ['Van Ba', { last: 'Van Ba' }],
    ['de la Pe', { last: 'de la Pe' }],
    ['MBA', { last: 'MBA' }],
  ])('%s', (cell, parts) => expect(familyAndSuffix(cell)).toEqual(parts));
});

describe('Vietnamese names: family name first', () => {
  it.each([
    ['Nguyen Van An', { first: 'An', middle: 'Van', last: 'Nguyen' }],
    ['Nguyễn Văn An', { first: 'An', middle: 'Văn', last: 'Nguyễn' }],
    ['Trần Thị Bích', { first: 'Bích', middle: 'Thị', last: 'Trần' }],
    ['Phan Thi Kim Phuc', { first: 'Phuc', middle: 'Thi Kim', last: 'Phan' }],
    ['Nguyễn An', { first: 'An', last: 'Nguyễn' }], // two words, Vietnamese letters
    ['Dr. Le Duc Tho', { prefix: 'Dr.', first: 'Tho', middle: 'Duc', last: 'Le' }],
    // The capitals or the comma mark the family name: the given name is still the last word.
    ['NGUYEN Van An', { first: 'An', middle: 'Van', last: 'Nguyen' }],
    ['Nguyen, Van An', { first: 'An', middle: 'Van', last: 'Nguyen' }],
    // Western names and names written the Western way keep their order.
    ['Van Morrison', { first: 'Van', last: 'Morrison' }],
    ['An Nguyen', { first: 'An', last: 'Nguyen' }],
    ['Mai Linh Pham', { first: 'Mai', middle: 'Linh', last: 'Pham' }],
    ['Lee Ann Womack', { first: 'Lee', middle: 'Ann', last: 'Womack' }],
    ['Do Kwon', { first: 'Do', last: 'Kwon' }],
    ['Anne Le', { first: 'Anne', last: 'Le' }],
    // The limit: two words without Vietnamese letters are ambiguous and keep the written order.
    ['Nguyen An', { first: 'Nguyen', last: 'An' }],
  ])('%s', (input, parts) => expect(parseName(input)).toEqual(parts));

  it('one person whichever way the name is written: the same key', () => {
    expect(new Set(['Nguyen Van An', 'Nguyễn Văn An', 'NGUYEN Van An', 'Nguyen, Van An', 'An Nguyen'].map(nameKey))).toEqual(new Set(['an nguyen']));
  });
});

describe('properCaseParts: a name given in parts, as people write it', () => {
  it('proper-cases a part in capitals, keeps initials and mixed case', () => {
    expect(properCaseParts({ first: 'Xiaoming', last: 'WANG' })).toEqual({ first: 'Xiaoming', last: 'Wang' });
    expect(properCaseParts({ prefix: 'DR.', first: 'JEAN-LUC', last: "O'BRIEN", suffix: 'PHD' })).toEqual({ prefix: 'Dr.', first: 'Jean-Luc', last: "O'Brien", suffix: 'PhD' });
    expect(properCaseParts({ first: 'AJ', middle: 'J.R.', last: 'McAllister' })).toEqual({ first: 'AJ', middle: 'J.R.', last: 'McAllister' });
    expect(properCaseParts({ first: 'danah', last: 'boyd' })).toEqual({ first: 'danah', last: 'boyd' });
    expect(properCaseParts({ first: 'Min', last: 'LI' })).toEqual({ first: 'Min', last: 'Li' });
  });
  it('a part in capitals reads as the same name typed whole (one rule for capture and import)', () => {
    for (const [first, last] of [['Sean', 'McALLISTER'], ['PATRICK', "O'BRIEN"], ['Angus', 'MacDONALD'], ['Jan', 'VAN DER BERG'], ['Emma', 'SMITH-JONES'], ['Ana', 'DE LA CRUZ']]) {
      const parts = properCaseParts({ first, last });
      expect(parts).toEqual(parseName(`${first} ${last}`));
      expect(parts.last).not.toMatch(/\p{Lu}{2}/u);
    }
    // A family name of particles only, or a head that is no head ("MaryANN" is mixed case), is left as it reads.
    expect(properCaseParts({ first: 'Tam', last: 'LE VAN' })).toEqual({ first: 'Tam', last: 'Le Van' });
    expect(properCaseParts({ first: 'MaryANN', last: 'Smith' })).toEqual({ first: 'MaryANN', last: 'Smith' });
  });
});

describe('formatName: a Vietnamese name reads as it is written', () => {
  it('family name first when written in Vietnamese letters; given first otherwise, and for other names with the same letters', () => {
    expect(formatName(parseName('Nguyễn Văn An'))).toBe('Nguyễn Văn An');
    expect(formatName({ first: 'Bích', middle: 'Thị', last: 'Trần' })).toBe('Trần Thị Bích');
    expect(formatName(parseName('Nguyen Van An'))).toBe('An Van Nguyen');
    expect(formatName({ first: 'Jérôme', last: 'Dupont' })).toBe('Jérôme Dupont');
    expect(formatName({ first: 'Côme', last: 'Lê Grand' })).toBe('Côme Lê Grand');
  });
});
