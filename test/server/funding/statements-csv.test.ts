import { describe, expect, it } from 'vitest';
import { statementCsv } from '../../../server/features/funding/statement.csv.js';
import type { StatementData } from '../../../server/features/funding/statements.js';

/**
 * The statement's CSV cells (decision 0026): free text written by people (an outcome, a hospital's
 * name) never runs as a spreadsheet formula when the partner opens the file; amounts stay numbers.
 */
const base: StatementData = {
  organisation: { id: 'o', name: 'Quỹ Vòng Tay Ấm' },
  from: '2026-12-01',
  to: '2026-12-31',
  pledgedVnd: 1_500_000,
  disbursedVnd: 0,
  cancelledVnd: 0,
  expiredVnd: 0,
  receiptsCount: 0,
  pledges: [{ id: 'p', reference: 'HT-2026-000001', hospital: '@Bệnh viện', ageBand: '60+', province: 'Lào Cai', amountVnd: 1_500_000, state: 'pending', at: '2026-12-01T17:30:00.000Z' }],
  disbursements: [],
  outcomes: [
    { reference: 'HT-2026-000001', text: '=HYPERLINK("http://x.example","bấm")', at: '2026-12-02T03:00:00.000Z' },
    { reference: 'HT-2026-000001', text: '-1+1', at: '2026-12-03T03:00:00.000Z' },
  ],
};

describe('statement CSV cells', () => {
  it('quotes text that a spreadsheet would run (= + - @) as text, and writes days in Vietnam time', () => {
    const lines = statementCsv(base).slice(1).trimEnd().split('\r\n');
    expect(lines[1]).toBe("Cam kết tài trợ,HT-2026-000001,'@Bệnh viện,từ 60 tuổi,Lào Cai,,,Đang chờ giải ngân,02/12/2026,1500000,1.500.000 ₫,,");
    expect(lines[2]).toBe(`Kết quả hỗ trợ,HT-2026-000001,,,,,,,02/12/2026,,,,"'=HYPERLINK(""http://x.example"",""bấm"")"`);
    expect(lines[3]).toBe("Kết quả hỗ trợ,HT-2026-000001,,,,,,,03/12/2026,,,,'-1+1");
  });
});
