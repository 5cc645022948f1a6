import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { screenIdentifying, type KnownIdentifiers } from '../../../server/features/funding/stories.screen.js';

/**
 * The story screen (issue 12 point 2): what could identify the patient is found, with its exact
 * place in the text (the client highlights `text.slice(start, end)`), and ordinary story words raise
 * no alarm. Pure function, table-driven; no database.
 */
const found = (text: string, known?: KnownIdentifiers): { kind: string; text: string }[] =>
  screenIdentifying(text, known).map((s) => ({ kind: s.kind, text: s.text }));

describe('screenIdentifying finds what identifies', () => {
  const cases: [string, string, string, string][] = [
    // [what, text, kind, the span's text]
    ['a Kinh full name', 'Anh Nguyễn Văn An bị tai nạn lao động.', 'name', 'Nguyễn Văn An'],
    ['a name with a one-letter given name', 'Nguyễn Văn A đang điều trị tại khoa.', 'name', 'Nguyễn Văn A'],
    ['a name after an honorific', 'Mẹ em là bà Lò Thị Mai, làm nương.', 'name', 'Lò Thị Mai'],
    ['a HMông name', 'Cháu Giàng A Páo năm nay 12 tuổi.', 'name', 'Giàng A Páo'],
    ['a name written without diacritics', 'Benh nhan Nguyen Thi Lan can ho tro.', 'name', 'Nguyen Thi Lan'],
    ['a name in capitals', 'Hồ sơ của NGUYỄN VĂN BÌNH còn thiếu.', 'name', 'NGUYỄN VĂN BÌNH'],
    ['a given name after "bé"', 'Gia đình bé Páo rất khó khăn.', 'name', 'Páo'],
    ['a name after a sentence-start word', 'Chiều Nguyễn Thị Hương nhập viện.', 'name', 'Nguyễn Thị Hương'],
    ['a CCCD of 12 digits', 'CCCD 001234567890 của mẹ.', 'id-number', '001234567890'],
    ['a CCCD in groups', 'Căn cước 001 234 567 890.', 'id-number', '001 234 567 890'],
    ['an old CMND of 9 digits', 'CMND số 012345678 đã hết hạn.', 'id-number', '012345678'],
    ['a BHYT card number', 'Thẻ BHYT HN2101234567890 còn hạn.', 'id-number', 'HN2101234567890'],
    ['a BHYT card number in lower case', 'the hn2101234567890 con han', 'id-number', 'hn2101234567890'],
    ['a BHYT card number with spaces', 'Thẻ DT 2 10 1234567890 còn hạn.', 'id-number', 'DT 2 10 1234567890'],
    ['a mobile in groups', 'Liên hệ 0912 345 678 để biết thêm.', 'phone', '0912 345 678'],
    ['a mobile with dots', 'Gọi 0912.345.678 nhé.', 'phone', '0912.345.678'],
    ['a mobile with +84', 'Số của bố: +84 912345678.', 'phone', '+84 912345678'],
    ['a mobile with +84 in groups', 'Số của bố: +84 912 345 678.', 'phone', '+84 912 345 678'],
    ['a landline', 'Trạm y tế: 0214 3840 123.', 'phone', '0214 3840 123'],
    ['a date dd/MM/yyyy', 'Em nhập viện 05/03/2026 vì sốt cao.', 'exact-date', '05/03/2026'],
    ['a date d/M/yyyy', 'Em nhập viện 5/3/2026 vì sốt cao.', 'exact-date', '5/3/2026'],
    ['a date with dashes', 'Sinh 05-03-2014 tại nhà.', 'exact-date', '05-03-2014'],
    ['an ISO date', 'Ngày vào viện 2026-03-05.', 'exact-date', '2026-03-05'],
    ['a date in words', 'Em nhập viện ngày 5 tháng 3 năm 2026.', 'exact-date', 'ngày 5 tháng 3 năm 2026'],
    ['a day and month in words', 'Hôm đó là ngày 5 tháng 3, trời mưa.', 'exact-date', 'ngày 5 tháng 3'],
    ['a date in words without marks', 'ngay 5 thang 3 nam 2026 em vao vien', 'exact-date', 'ngay 5 thang 3 nam 2026'],
    ['a day and month after "ngày"', 'Em mổ ngày 12/3 vừa qua.', 'exact-date', 'ngày 12/3'],
    ['a hamlet', 'Nhà em ở thôn Nà Pồng, cách trạm y tế 20 km.', 'address', 'thôn Nà Pồng'],
    ['a hamlet at the start of a sentence', 'Thôn Nà Pồng rất xa.', 'address', 'Thôn Nà Pồng'],
    ['a village (bản)', 'Gia đình ở bản Lác.', 'address', 'bản Lác'],
    ['a house number and lane together', 'Nhà trọ số 12 ngõ 34 phố Huế.', 'address', 'số 12 ngõ 34 phố Huế'],
    ['a street with a number', 'Họ thuê nhà ở đường Láng số 5.', 'address', 'đường Láng số 5'],
    ['a hamlet written without marks', 'nha o thon Na Pong', 'address', 'thon Na Pong'],
    ['a commune', 'Gia đình ở xã Bản Lầu.', 'address', 'xã Bản Lầu'],
    ['an e-mail', 'Thư gửi anhtuan.le@gmail.com là được.', 'email', 'anhtuan.le@gmail.com'],
  ];
  it.each(cases)('%s', (_what, text, kind, span) => {
    expect(found(text)).toEqual([{ kind, text: span }]);
  });

  it('gives exact positions into the text as sent (UTF-16 indexes, marks included)', () => {
    const text = 'Bà Lò Thị Mai, sđt 0912 345 678, ở thôn Nà Pồng.';
    const spans = screenIdentifying(text);
    expect(spans.map((s) => s.kind)).toEqual(['name', 'phone', 'address']);
    for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(spans[0]).toMatchObject({ start: 3, end: 13 });
    expect(spans[1]).toMatchObject({ start: 19, end: 31 });
  });

  it('keeps positions exact in text whose marks are combining characters (NFD)', () => {
    const text = 'Nhà ở thôn Nà Pồng.'.normalize('NFD');
    const [span] = screenIdentifying(text);
    expect(span?.kind).toBe('address');
    expect(text.slice(span?.start, span?.end).normalize('NFC')).toBe('thôn Nà Pồng');
    expect(span?.end).toBe(text.length - 1);
  });

  it('finds several in order, none overlapping', () => {
    const text = 'Ngày 05/03/2026 anh Trần Văn Sơn (0987654321) đưa con đến.';
    const spans = screenIdentifying(text);
    expect(spans.map((s) => [s.kind, s.text])).toEqual([
      ['exact-date', 'Ngày 05/03/2026'],
      ['name', 'Trần Văn Sơn'],
      ['phone', '0987654321'],
    ]);
    for (let i = 1; i < spans.length; i += 1) expect(spans[i]?.start).toBeGreaterThanOrEqual(spans[i - 1]?.end ?? 0);
  });
});

describe('screenIdentifying knows the patient’s own record', () => {
  const known: KnownIdentifiers = {
    names: ['Vàng Thị Dếnh', 'Sùng Seo Chứ'],
    idNumbers: ['HN2101234567890', '001234567890', 'BN-77812'],
    phones: ['0912345678'],
    addressParts: ['Nà Pồng', 'Bản Lầu'],
  };
  const cases: [string, string, string, string][] = [
    ['the name without marks', 'Chị vang thi denh cần giúp đỡ.', 'name', 'vang thi denh'],
    ['a relative’s name in lower case', 'bố là sùng seo chứ.', 'name', 'sùng seo chứ'],
    ['the card number with spaces', 'the HN 2 10 1234567890', 'id-number', 'HN 2 10 1234567890'],
    ['the hospital number', 'Mã BN-77812.', 'id-number', 'BN-77812'],
    ['the phone as +84', 'gọi 84 912 345 678', 'phone', '84 912 345 678'],
    ['the hamlet alone, no marks', 'ở Na Pong từ nhỏ', 'address', 'Na Pong'],
    ['the commune alone', 'trường ở Bản Lầu', 'address', 'Bản Lầu'],
  ];
  it.each(cases)('%s', (_what, text, kind, span) => {
    expect(found(text, known)).toEqual([{ kind, text: span }]);
  });

  it('does not match part of a longer word', () => {
    expect(found('Em Dếnh thích vẽ tranh; bản thân em rất ngoan.', { ...known, names: ['Dếnh'] })).toEqual([{ kind: 'name', text: 'Dếnh' }]);
    expect(found('Nà Pồngxa là tên khác.', { ...known, addressParts: ['Nà Pồng'] })).toEqual([]);
  });
});

describe('screenIdentifying raises no false alarm on ordinary story words', () => {
  const quiet = [
    'Em bị ung thư máu, gia đình ở vùng cao Lào Cai.',
    'Em 12 tuổi, là con thứ 3 trong số 5 anh chị em.',
    'Chi phí còn thiếu 1.500.000 đồng sau khi BHYT chi trả 80%.',
    'Tiền thuốc ngoài danh mục khoảng 150.000.000 đồng, gia đình đã vay 20.000.000 đ.',
    'Năm 2026 em phải điều trị hoá chất 6 đợt, mỗi đợt 21 ngày.',
    'Gia đình là người Mông ở Hà Giang, nay thuộc Tuyên Quang.',
    'Bố mẹ làm nương, thu nhập dưới 1,5 triệu đồng mỗi tháng.',
    'Em đang điều trị tại Bệnh viện Nhi Trung ương ở Hà Nội.',
    'Bạn bè trong lớp quyên góp được 2.000.000 đồng.',
    'Tháng 3 năm 2026 em được chuyển lên tuyến trung ương.',
    'Em thích đọc sách, bản thân em mong sớm được đi học lại.',
    'Hai anh em đều bị thalassemia, cần truyền máu hằng tháng.',
    'Gia đình thuộc hộ nghèo, có thẻ BHYT mức hưởng 100%.',
    'Bác sĩ cho biết cần khoảng 3 tháng để hồi phục.',
    'Người dân tộc Dao, nhà cách bệnh viện hơn 100 km đường núi.',
    'Em bé sinh non 32 tuần, nặng 1.600 gam.',
    'Chi phí: 1500000 đồng tiền xe, 700000 đồng tiền ăn.',
  ];
  it.each(quiet)('%s', (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('screenIdentifying on generated stories', () => {
  const plain = ['Em bị ung thư máu', 'gia đình ở vùng cao Lào Cai', 'em 12 tuổi', 'còn thiếu 1.500.000 đồng', 'năm 2026', 'người Dao', 'bố mẹ làm nương'];
  const secrets: [string, string][] = [
    ['name', 'Nguyễn Văn An'],
    ['name', 'Giàng A Páo'],
    ['id-number', '001234567890'],
    ['id-number', 'HN2101234567890'],
    ['phone', '0912 345 678'],
    ['phone', '+84 912345678'],
    ['exact-date', '05/03/2026'],
    ['exact-date', 'ngày 5 tháng 3 năm 2026'],
    ['address', 'thôn Nà Pồng'],
    ['email', 'me.em@gmail.com'],
  ];
  it('finds the one inserted secret at exactly its place, in NFC or NFD, and nothing else', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...plain), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        fc.constantFrom(...secrets),
        fc.boolean(),
        (words, at, [kind, secret], nfd) => {
          const before = words.slice(0, at % (words.length + 1)).join(', ');
          const after = words.slice(at % (words.length + 1)).join(', ');
          const head = before ? `${before}, ` : '';
          const raw = `${head}${secret}${after ? `, ${after}` : ''}.`;
          const text = nfd ? raw.normalize('NFD') : raw;
          const start = nfd ? head.normalize('NFD').length : head.length;
          const end = start + (nfd ? secret.normalize('NFD').length : secret.length);
          expect(screenIdentifying(text)).toEqual([{ kind, start, end, text: text.slice(start, end) }]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
