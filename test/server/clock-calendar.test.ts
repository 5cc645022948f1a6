import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settableClock } from '../../server/clock.js';
import { signInAs, type SignedIn } from '../setup/factories.js';
import { API } from '../setup/http.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/** The API's warning about a year with no public-holiday table: at start in the log, and on GET /calendar. */
const clock = settableClock('2026-06-01T03:00:00Z');
const lines: { level: number; msg: string; missingYears?: number[] }[] = [];
const logger = pino(
  { level: 'warn' },
  new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
      done();
    },
  }),
);

let t: TestApp;
let admin: SignedIn;
beforeAll(async () => {
  clock.set('2027-03-01T03:00:00Z'); // the app starts in 2027: 2028 has no table yet
  t = await startTestApp({}, { clock, logger });
  admin = await signInAs(t.app, 'admin');
});
afterAll(() => t.close());

describe('a year with no holiday table', () => {
  it('is warned about loudly when the API starts (this year or next)', () => {
    const warning = lines.find((l) => /NO PUBLIC-HOLIDAY TABLE/.test(l.msg));
    expect(warning).toMatchObject({ level: 40, missingYears: [2028] });
  });

  it('is named by GET /calendar, by the clock of the request', async () => {
    const res = await admin.agent.get(`${API}/calendar`).expect(200);
    expect(res.body).toEqual({
      today: '2027-03-01',
      years: [
        { year: 2026, status: 'announced' },
        { year: 2027, status: 'statutory, not yet announced' },
      ],
      missingYears: [2028],
    });
    clock.set('2026-12-31T16:59:00Z'); // 23:59 on 31/12/2026 in Vietnam: 2026 and 2027 both have tables
    expect((await admin.agent.get(`${API}/calendar`).expect(200)).body).toMatchObject({ today: '2026-12-31', missingYears: [] });
    clock.set('2026-12-31T17:00:00Z'); // midnight in Vietnam: now 2027, and 2028 has none
    expect((await admin.agent.get(`${API}/calendar`).expect(200)).body).toMatchObject({ today: '2027-01-01', missingYears: [2028] });
  });
});
