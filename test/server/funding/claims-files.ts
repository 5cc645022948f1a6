/**
 * Claims exports as hospitals' systems write them, for the reconciliation tests: the 4210 claims
 * package (GIAMDINHHS → HOSO → FILEHOSO XML1 with the TONG_HOP table in base64, and an XML2 beside
 * it), a plain TONG_HOP list, and CSV. The people in them are made up.
 */
export interface Episode {
  maLk: string;
  maBn: string;
  /** T_NGUONKHAC as the exporter writes it (a number, or a string to test odd forms). */
  nguonKhac: number | string;
  /** Settlement month `YYYY-MM` (NAM_QT/THANG_QT); omitted → no such fields. */
  month?: string;
}

/** One XML1 TONG_HOP record with the fields a real export carries around the ones we read. */
export function tongHop(e: Episode, stt = 1): string {
  const [year, month] = e.month ? e.month.split('-') : [];
  const settled = e.month ? `<NAM_QT>${year}</NAM_QT><THANG_QT>${Number(month)}</THANG_QT>` : '';
  return (
    `<TONG_HOP><MA_LK>${e.maLk}</MA_LK><STT>${stt}</STT><MA_BN>${e.maBn}</MA_BN><HO_TEN>Lò Thị Mai</HO_TEN><NGAY_SINH>198503120000</NGAY_SINH>` +
    `<GIOI_TINH>2</GIOI_TINH><DIA_CHI>Xã Bảo Hà, Lào Cai</DIA_CHI><MA_THE>HN2101234567890</MA_THE><MA_DKBD>10001</MA_DKBD>` +
    `<TEN_BENH><![CDATA[Suy thận mạn]]></TEN_BENH><MA_BENH>N18</MA_BENH><NGAY_VAO>202611020800</NGAY_VAO><NGAY_RA>202611151000</NGAY_RA>` +
    `<SO_NGAY_DTRI>13</SO_NGAY_DTRI><T_THUOC>4200000</T_THUOC><T_VTYT>300000</T_VTYT><T_TONGCHI>12500000</T_TONGCHI><T_BNTT>1875000</T_BNTT>` +
    `<T_BNCCT>0</T_BNCCT><T_BHTT>10625000</T_BHTT><T_NGUONKHAC>${e.nguonKhac}</T_NGUONKHAC><T_NGOAIDS>0</T_NGOAIDS>${settled}` +
    `<MA_LOAI_KCB>3</MA_LOAI_KCB><MA_KHOA>K18</MA_KHOA><MA_CSKCB>10001</MA_CSKCB><CAN_NANG></CAN_NANG></TONG_HOP>`
  );
}

const base64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** The claims package: one HOSO per episode, XML1 (and an XML2) in base64, or XML1 as plain XML when `plainXml1`. */
export function package4210(episodes: Episode[], opts: { plainXml1?: boolean; lowerCase?: boolean } = {}): string {
  const hoso = episodes
    .map((e, i) => {
      const xml1 = `<?xml version="1.0" encoding="utf-8"?>${tongHop(e, i + 1)}`;
      const xml2 = `<?xml version="1.0" encoding="utf-8"?><CHITIEU_CHITIET_THUOC><DSACH_CHI_TIET_THUOC><CHI_TIET_THUOC><MA_LK>${e.maLk}</MA_LK><STT>1</STT><MA_THUOC>40.17</MA_THUOC><T_NGUONKHAC>0</T_NGUONKHAC></CHI_TIET_THUOC></DSACH_CHI_TIET_THUOC></CHITIEU_CHITIET_THUOC>`;
      return (
        `<HOSO><FILEHOSO><LOAIHOSO>XML1</LOAIHOSO><NOIDUNGFILE>${opts.plainXml1 ? xml1.replace(/<\?xml[^>]*>/, '') : base64(xml1)}</NOIDUNGFILE></FILEHOSO>` +
        `<FILEHOSO><LOAIHOSO>XML2</LOAIHOSO><NOIDUNGFILE>${base64(xml2)}</NOIDUNGFILE></FILEHOSO></HOSO>`
      );
    })
    .join('\n');
  const xml =
    `<?xml version="1.0" encoding="utf-8"?>\n<GIAMDINHHS xmlns:xsd="http://www.w3.org/2001/XMLSchema"><THONGTINDONVI><MACSKCB>10001</MACSKCB></THONGTINDONVI>` +
    `<THONGTINHOSO><NGAYLAP>20261201</NGAYLAP><SOLUONGHOSO>${episodes.length}</SOLUONGHOSO><DANHSACHHOSO>\n${hoso}\n</DANHSACHHOSO></THONGTINHOSO>` +
    `<CHUKYDONVI></CHUKYDONVI></GIAMDINHHS>\n`;
  return opts.lowerCase ? xml.replace(/<(\/?)([A-Z_0-9]+)(?=[\s>])/g, (_m, slash: string, name: string) => `<${slash}${name.toLowerCase()}`) : xml;
}

/** A plain list of TONG_HOP records under one root element. */
export function tongHopList(episodes: Episode[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<DSACH_TONG_HOP>\n${episodes.map((e, i) => tongHop(e, i + 1)).join('\n')}\n</DSACH_TONG_HOP>\n`;
}

/** CSV with the claims headers (and a BOM and `;` when asked, as spreadsheets in a Vietnamese locale write it). */
export function claimsCsv(episodes: Episode[], opts: { separator?: string; bom?: boolean } = {}): string {
  const s = opts.separator ?? ',';
  const lines = [['MA_LK', 'MA_BN', 'HO_TEN', 'T_NGUONKHAC', 'NAM_QT', 'THANG_QT'].join(s)];
  for (const e of episodes) {
    const [year, month] = e.month ? e.month.split('-') : ['', ''];
    lines.push([e.maLk, e.maBn, '"Lò Thị Mai"', String(e.nguonKhac), year, month ? String(Number(month)) : ''].join(s));
  }
  return `${opts.bom ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}
