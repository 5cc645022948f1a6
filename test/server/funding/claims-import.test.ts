import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/errors.js';
import { detectClaimsType, readClaims } from '../../../server/features/funding/claims-import.js';
import { claimsCsv, package4210, tongHopList, type Episode } from './claims-files.js';

/**
 * Reading hospitals' claims exports (issue 12 point 5): the 4210 package with XML1 in base64 or
 * plain, a TONG_HOP list, CSV; whole-đồng amounts; another settlement month left out; a bad file
 * refused naming its record and field.
 */
const MONTH = '2026-11';
const episodes: Episode[] = [
  { maLk: 'LK2611000123', maBn: 'BN0045123', nguonKhac: 1_500_000, month: MONTH },
  { maLk: 'LK2611000124', maBn: 'BN0045124', nguonKhac: 0, month: MONTH },
  { maLk: 'LK2611000125', maBn: 'BN0045125', nguonKhac: '2300000.00', month: MONTH },
];
const expected = [
  { episodeId: 'LK2611000123', patientCode: 'BN0045123', claimedVnd: 1_500_000 },
  { episodeId: 'LK2611000124', patientCode: 'BN0045124', claimedVnd: 0 },
  { episodeId: 'LK2611000125', patientCode: 'BN0045125', claimedVnd: 2_300_000 },
];
const read = (text: string, month = MONTH): ReturnType<typeof readClaims> => readClaims(Buffer.from(text, 'utf8'), month);

/** The refusal's code, record, field and detail code. */
function refusal(text: string): { code: string; row: unknown; field: unknown; detail: unknown } {
  try {
    read(text);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    expect(err.status).toBe(400);
    expect(err.details?.[0]?.path).toBe('body.file');
    return { code: err.code, row: err.params?.row, field: err.params?.field, detail: err.details?.[0]?.code };
  }
  throw new Error('the file was accepted');
}

describe('claims exports read', () => {
  it('the 4210 package: XML1 in base64 beside XML2, one record per HOSO', () => {
    const out = read(package4210(episodes));
    expect(out.format).toBe('xml-4210');
    expect(out.rows).toEqual(expected);
    expect(out.records).toBe(3);
  });

  it('the package with XML1 as plain XML, and with lower-case tags', () => {
    expect(read(package4210(episodes, { plainXml1: true })).rows).toEqual(expected);
    expect(read(package4210(episodes, { lowerCase: true })).rows).toEqual(expected);
  });

  it('a plain TONG_HOP list, and one TONG_HOP alone', () => {
    const list = read(tongHopList(episodes));
    expect(list.format).toBe('xml');
    expect(list.rows).toEqual(expected);
    const one = read(tongHopList(episodes.slice(0, 1)).replace(/<\/?DSACH_TONG_HOP>/g, ''));
    expect(one.rows).toEqual(expected.slice(0, 1));
  });

  it('CSV with commas, or with a BOM and semicolons; our own export reads back', () => {
    expect(read(claimsCsv(episodes)).rows).toEqual(expected);
    const excel = read(claimsCsv(episodes, { separator: ';', bom: true }));
    expect(excel.format).toBe('csv');
    expect(excel.rows).toEqual(expected);
    const ours = '\uFEFFMA_LK,MA_BN,T_NGUONKHAC,T_NGUONKHAC_GIAMDINH,CHENH_LECH,TRANG_THAI\r\nLK1,BN1,500000,,,chưa tải lên\r\n';
    expect(read(ours).rows).toEqual([{ episodeId: 'LK1', patientCode: 'BN1', claimedVnd: 500_000 }]);
  });

  it('an episode in two records is summed; a record of another settlement month is left out and counted', () => {
    const out = read(
      package4210([
        { maLk: 'LK1', maBn: 'BN1', nguonKhac: 100_000, month: MONTH },
        { maLk: 'LK1', maBn: 'BN1', nguonKhac: 250_000, month: MONTH },
        { maLk: 'LK2', maBn: 'BN2', nguonKhac: 900_000, month: '2026-10' },
        { maLk: 'LK3', maBn: '', nguonKhac: 50_000 },
      ]),
    );
    expect(out.rows).toEqual([
      { episodeId: 'LK1', patientCode: 'BN1', claimedVnd: 350_000 },
      { episodeId: 'LK3', patientCode: null, claimedVnd: 50_000 },
    ]);
    expect(out.otherMonth).toBe(1);
  });

  it('a file whose every record is settled in another month is the wrong month’s export: refused', () => {
    expect(refusal(package4210(episodes.map((e) => ({ ...e, month: '2026-10' }))))).toMatchObject({ row: 0, field: 'THANG_QT', detail: 'claims_unreadable' });
  });

  it('sniffs XML or CSV text from the first bytes; binary is refused', () => {
    expect(detectClaimsType(Buffer.from(`\uFEFF  ${package4210(episodes)}`)).ext).toBe('xml');
    expect(detectClaimsType(Buffer.from(claimsCsv(episodes))).ext).toBe('csv');
    expect(() => detectClaimsType(Buffer.from('%PDF-1.4\n\u0000\u0001'))).toThrow(AppError);
  });
});

describe('bad claims files: 400 RECONCILIATION.BAD_FILE naming the record and field', () => {
  const bad = (nguonKhac: string | number): string => package4210([episodes[0] as Episode, { ...(episodes[1] as Episode), nguonKhac }]);

  it.each([
    ['a decimal amount', '1500000.5'],
    ['a negative amount', '-200000'],
    ['thousands separators', '1.500.000'],
    ['exponent form', '1e6'],
    ['words', 'một triệu'],
  ])('%s in T_NGUONKHAC', (_label, value) => {
    expect(refusal(bad(value))).toEqual({ code: 'RECONCILIATION.BAD_FILE', row: 2, field: 'T_NGUONKHAC', detail: 'whole_number' });
  });

  it('a record without T_NGUONKHAC or MA_LK', () => {
    expect(refusal(bad(''))).toMatchObject({ row: 2, field: 'T_NGUONKHAC', detail: 'required' });
    expect(refusal(tongHopList([...episodes, { maLk: '', maBn: 'BN9', nguonKhac: 1 }]))).toMatchObject({ row: 4, field: 'MA_LK', detail: 'required' });
    const csv = claimsCsv(episodes).replace('LK2611000125', '');
    expect(refusal(csv)).toMatchObject({ row: 3, field: 'MA_LK', detail: 'required' });
  });

  it('CSV: a row with a bad amount, missing columns, a row of another width', () => {
    expect(refusal(claimsCsv([...episodes, { maLk: 'LK9', maBn: 'BN9', nguonKhac: '12,5' }], { separator: ';' }))).toMatchObject({ row: 4, field: 'T_NGUONKHAC', detail: 'whole_number' });
    expect(refusal('MA_LK,MA_BN\r\nLK1,BN1\r\n')).toMatchObject({ row: 0, field: 'T_NGUONKHAC', detail: 'required' });
    expect(refusal('MA_LK,MA_BN,T_NGUONKHAC\r\nLK1,BN1,5,extra\r\n')).toMatchObject({ row: 0, detail: 'claims_unreadable' });
  });

  it('a HOSO without XML1, XML1 that is not base64 nor XML, XML1 without TONG_HOP', () => {
    const pack = package4210(episodes);
    expect(refusal(pack.replace('<LOAIHOSO>XML1</LOAIHOSO>', '<LOAIHOSO>XML9</LOAIHOSO>'))).toMatchObject({ row: 1, field: 'XML1', detail: 'required' });
    const second = pack.split('<NOIDUNGFILE>')[3] as string; // the second HOSO's XML1
    const b64 = second.slice(0, second.indexOf('</NOIDUNGFILE>'));
    expect(refusal(pack.replace(b64, 'không phải base64!'))).toMatchObject({ row: 2, field: 'NOIDUNGFILE', detail: 'claims_unreadable' });
    expect(refusal(pack.replace(b64, Buffer.from('<KHAC><MA_LK>1</MA_LK></KHAC>').toString('base64')))).toMatchObject({ row: 2, field: 'NOIDUNGFILE' });
  });

  it('XML that is not well-formed says its line; a document type is refused; neither form nor any record', () => {
    const broken = package4210(episodes).replace('</THONGTINHOSO>', '');
    const err = (() => {
      try {
        read(broken);
      } catch (e) {
        return e as AppError;
      }
      return null;
    })();
    expect(err?.code).toBe('RECONCILIATION.BAD_FILE');
    expect(typeof err?.params?.line).toBe('number');
    expect(refusal(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><DSACH>&a;</DSACH>`)).toMatchObject({ row: 0, detail: 'claims_unreadable' });
    expect(refusal('<HOADON><SO>1</SO></HOADON>')).toMatchObject({ row: 0, detail: 'claims_unreadable' });
    expect(refusal('MA_LK,MA_BN,T_NGUONKHAC\r\n')).toMatchObject({ row: 0, detail: 'claims_unreadable' });
  });
});
