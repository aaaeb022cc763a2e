/**
 * Address shapes that no "postal code and city" format reads, each recognised by a closed list of
 * its country's regions, so a shape is only taken where that country's region is named:
 * - Japan, written largest first: "〒100-0005 東京都千代田区丸の内1-1-1" is postal code 100-0005,
 *   prefecture (the region) 東京都, municipality (the city) 千代田区, then the street as written
 *   (town, block numbers, building). A designated city keeps its ward ("大阪市北区").
 * - Turkey: "34710 Kadıköy/İstanbul" (or "Kadıköy - İstanbul", with or without the postal code)
 *   is the district (ilçe, the city) over the province (il, the region), as libaddressinput
 *   writes Turkey's "%Z %C/%S".
 *   The district may stand in its own part before "06420 Ankara" (postal code and province).
 * - Russia (and the CIS), written largest or smallest first: "191186, Санкт-Петербург, Невский пр.,
 *   д. 28" or "ул. Тверская, д. 7, г. Москва, 125009": a six-digit postal code, the city (after "г."
 *   or by itself), and the street with its house ("д.", "стр.", "корп.", "офис"), recognised by a
 *   street word in Cyrillic (ул., пр-т, пер., наб., ш., бул., пл. …) beside a postal code or "г.".
 * Not handled: Japanese addresses in Latin letters keep the general reading ("Chiyoda-ku" in the
 * street, "Tokyo" the city); a Japanese municipality without its prefecture or a 〒 mark is not
 * read (a town name alone is no proof); cities whose name ends in a second 市/区 beyond "…市市"
 * are cut at the first; a Turkish province alone after its postal code ("34394 İstanbul") is the
 * city, as the general format reads it; a neighbourhood (mahalle) in the district's place is taken
 * for the district.
 */
export type ShapeParts = { street?: string; city?: string; state?: string; postalCode?: string; country?: string };

const PREFECTURES = new Set(
  ('北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 東京都 神奈川県 新潟県 富山県 石川県 福井県 山梨県 長野県 岐阜県 ' +
    '静岡県 愛知県 三重県 滋賀県 京都府 大阪府 兵庫県 奈良県 和歌山県 鳥取県 島根県 岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 福岡県 佐賀県 長崎県 ' +
    '熊本県 大分県 宮崎県 鹿児島県 沖縄県').split(' '),
);
const PREFECTURE = /^(?:北海道|東京都|(?:京都|大阪)府|\p{Script=Han}{2,3}県)/u;
// A municipality: a city (its ward after it in a designated city: "大阪市北区"; "四日市市" keeps its
// second 市), else a ward, town or village, a county before a town ("虻田郡倶知安町").
const NOT_PLACE = '\\s\\d０-９、，,（）()';
const MUNICIPALITY = new RegExp(`^(?:[^${NOT_PLACE}区]{1,6}?市市?(?:[^${NOT_PLACE}]{1,4}?区)?|(?:[^${NOT_PLACE}]{1,5}?郡)?[^${NOT_PLACE}]{1,6}?[区町村])`, 'u');
const JP_POSTAL = /〒\s?(\d{3})[-‐－ー−]?(\d{4})|^(\d{3})-(\d{4})(?=\s|$)/u;
const JP_COUNTRY = /^(?:日本国?|japan)$/i;

/** A Japanese address written largest first, or null: a municipality after a prefecture from the list, or after a 〒 mark. */
export function readJapanese(text: string): ShapeParts | null {
  if (!/\p{Script=Han}/u.test(text)) return null;
  const lines = text.split(/\r?\n|\s*,\s*|\s*、\s*/).map((l) => l.trim()).filter(Boolean);
  let country: string | undefined;
  if (lines.length > 1 && JP_COUNTRY.test(lines[lines.length - 1])) country = lines.pop();
  let rest = lines.join(' ');
  const postal = rest.match(JP_POSTAL);
  rest = postal ? (rest.slice(0, postal.index) + ' ' + rest.slice(postal.index! + postal[0].length)).trim() : rest;
  const lead = rest.match(/^(日本国?)\s*/u);
  if (lead) { country ??= lead[1]; rest = rest.slice(lead[0].length); }
  const prefecture = rest.match(PREFECTURE)?.[0];
  const state = prefecture && PREFECTURES.has(prefecture) ? prefecture : undefined;
  if (!state && !postal?.[0].startsWith('〒')) return null;
  const afterState = rest.slice(state?.length ?? 0).trim();
  const city = afterState.match(MUNICIPALITY)?.[0];
  if (!city) return null; // "大阪府立大学" names a prefecture, and no place in it
  const street = afterState.slice(city?.length ?? 0).trim();
  const postalCode = postal ? `${postal[1] ?? postal[3]}-${postal[2] ?? postal[4]}` : undefined;
  return { street: street || undefined, city, state, postalCode, country };
}

/** Turkey's 81 provinces, folded (lower case, no marks, dotless i as i), and the short names in use. */
const PROVINCES = new Set(
  ('adana adiyaman afyonkarahisar afyon agri amasya ankara antalya artvin aydin balikesir bilecik bingol bitlis bolu burdur bursa canakkale ' +
    'cankiri corum denizli diyarbakir edirne elazig erzincan erzurum eskisehir gaziantep antep giresun gumushane hakkari hatay isparta mersin icel ' +
    'istanbul izmir kars kastamonu kayseri kirklareli kirsehir kocaeli izmit konya kutahya malatya manisa kahramanmaras maras mardin mugla mus ' +
    'nevsehir nigde ordu rize sakarya adapazari samsun siirt sinop sivas tekirdag tokat trabzon tunceli sanliurfa urfa usak van yozgat zonguldak ' +
    'aksaray bayburt karaman kirikkale batman sirnak bartin ardahan igdir yalova karabuk kilis osmaniye duzce').split(' '),
);
const foldTurkish = (s: string) => s.toLocaleLowerCase('tr').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/ı/g, 'i');
/** "34710 Kadıköy/İstanbul", "Şişli / İSTANBUL", "Kadıköy - İstanbul": district, then province. */
const DISTRICT_PROVINCE = /^(?:(\d{5})\s+)?(\p{Lu}[\p{L}'’.-]*(?:\s\p{Lu}[\p{L}'’.-]*)?)\s*(?:\/|\s[-–]\s)\s*(\p{Lu}[\p{L}]+)$/u;
/** The same at the end of a street's line: "Moda Cad. No: 12 D: 4 34710 Kadıköy/İstanbul". */
const DISTRICT_PROVINCE_AFTER = /^(.*?[\p{L}\d.:)])\s+((?:\d{5}\s+)?\p{Lu}[\p{L}'’.-]*\s*(?:\/|\s[-–]\s)\s*\p{Lu}[\p{L}]+)$/u;

/** A segment that is a Turkish district over its province (with its postal code), or null. */
export function readDistrictProvince(segment: string): ShapeParts | null {
  const m = segment.trim().match(DISTRICT_PROVINCE);
  if (!m || !PROVINCES.has(foldTurkish(m[3]))) return null;
  return { city: m[2], state: m[3], ...(m[1] && { postalCode: m[1] }) };
}

/**
 * The same over the address's last parts: a district alone in its part, then the postal code and
 * the province ("Atatürk Cad. No 45, Çankaya, 06420 Ankara"), with a street before them.
 */
export function districtThenProvince(segments: string[]): ShapeParts | null {
  if (segments.length < 3) return null;
  const [district, last] = segments.slice(-2);
  const m = last.match(/^(\d{5})\s+(\p{Lu}[\p{L}]+)$/u);
  if (!m || !PROVINCES.has(foldTurkish(m[2])) || !/^\p{Lu}[\p{L}'’.-]+$/u.test(district) || PROVINCES.has(foldTurkish(district))) return null;
  return { street: segments.slice(0, -2).join(', '), city: district, state: m[2], postalCode: m[1] };
}

/** A line whose end is a Turkish district over its province: the street before it, and the parts. */
export function splitDistrictProvince(line: string): ShapeParts | null {
  const whole = readDistrictProvince(line);
  if (whole) return whole;
  const m = line.trim().match(DISTRICT_PROVINCE_AFTER);
  const parts = m && readDistrictProvince(m[2]);
  return parts ? { street: m[1], ...parts } : null;
}

/** A Russian street word: "ул. Тверская", "Невский пр.", "пр-т Мира", "Кутузовский проспект", "наб. реки Мойки". */
const RU_STREET = /(?<!\p{L})(?:ул|улица|пр|пр-т|просп|проспект|пер|переулок|наб|набережная|ш|шоссе|бул|б-р|бульвар|пл|площадь|проезд|туп|тупик|мкр|микрорайон)(?:\.|(?!\p{L}))/u;
/** A house, building, block or office: the street's own numbers ("д. 28", "стр. 1", "корп. 2", "офис 305"). */
const RU_HOUSE = /^(?:д|дом|стр|строение|корп|корпус|к|лит|литера|оф|офис|кв|эт|этаж|пом|помещение)\.?\s*[\dА-Яа-я/-]+$/u;
const RU_CITY = /^(?:г\.?\s*)?(\p{Lu}[\p{Ll}]+(?:[- ]\p{Lu}?[\p{Ll}]+)*)$/u;
const RU_COUNTRY = /^(?:россия|российская федерация|рф|russia|беларусь|казахстан|україна|украина)$/iu;

/** A Russian address's parts (postal code, city, street with its house, country), or null. */
export function readRussian(text: string): ShapeParts | null {
  const segs = text.split(/\s*[,\n]\s*/).map((x) => x.trim()).filter(Boolean);
  const code = segs.find((x) => /^\d{6}$/.test(x));
  const marked = segs.find((x) => /^г\.\s*\p{Lu}/u.test(x));
  const streetAt = segs.findIndex((x) => RU_STREET.test(x) && /\p{Script=Cyrillic}/u.test(x));
  if (streetAt < 0 || (!code && !marked) || segs.length > 8) return null;
  const out: ShapeParts = { postalCode: code };
  const street: string[] = [];
  for (const [i, x] of segs.entries()) {
    if (x === code) continue;
    if (RU_COUNTRY.test(x)) out.country = x;
    else if (i === streetAt || RU_HOUSE.test(x)) street.push(x);
    else if (!out.city && (x === marked || (RU_CITY.test(x) && !RU_STREET.test(x)))) out.city = x.replace(/^г\.?\s*/u, '');
    else street.push(x);
  }
  out.street = street.join(', ') || undefined;
  return out.city || out.postalCode ? out : null;
}

/**
 * A line that is an address by one of these shapes (a signature's line): a municipality after its
 * prefecture or a 〒 mark, or a Turkish district over its province with a postal code or after a
 * numbered street ("Büyükdere Cad. No: 185 Şişli/İstanbul"). "Satış Müdürü - İstanbul" is a title
 * and a city, no address: a district alone needs the line before it to be a street (`readDistrictProvince`).
 */
export function isShapedAddressLine(line: string): boolean {
  if (readJapanese(line) || readRussian(line)) return true;
  const tr = splitDistrictProvince(line);
  return !!tr && (!!tr.postalCode || /\d/.test(tr.street ?? ''));
}
