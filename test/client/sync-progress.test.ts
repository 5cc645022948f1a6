import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SyncRun } from '../../client/src/api-types.js';
import { isWaitingLong, progressModel, progressWords } from '../../client/src/features/sync/sync-progress.js';
import { RESOURCES } from '../../client/src/i18n/resources.js';

/**
 * A4: what the sync bar shows for the runs the server sends. The percentage is the server's over
 * all phases, so the bar never falls back from 100 % to 37 % when the discharges begin; with no
 * Bundle.total the bar moves without a number and the words give the pages and patients so far,
 * in Vietnamese (numbers 1.946) and English.
 */
const ts = {} as Record<'vi' | 'en', TFunction>;

beforeAll(async () => {
  for (const lng of ['vi', 'en'] as const) {
    const instance = i18next.createInstance();
    await instance.init({ lng, resources: { [lng]: { translation: RESOURCES[lng] } }, interpolation: { escapeValue: false }, initAsync: false });
    ts[lng] = instance.t;
  }
});

type Phase = SyncRun['phases'][number];
const phase = (name: string, p: Partial<Phase>): Phase => ({ name, done: false, pages: 0, encounters: 0, patients: 0, total: null, ...p });

function run(status: SyncRun['status'], percent: number | null, phases: Phase[], patients: number): SyncRun {
  const pages = phases.reduce((n, p) => n + p.pages, 0);
  return {
    id: 'r1',
    hospital: { id: 'h1', code: 'BVDKLC' },
    status,
    startedAt: '2026-12-06T01:00:00Z',
    finishedAt: null,
    heartbeatAt: '2026-12-06T01:00:05Z',
    since: null,
    progress: { pages, encounters: 0, patients, total: null, percent },
    phases,
    resumedCount: 0,
    error: null,
  };
}

describe('the sync bar', () => {
  it('follows the server across phases: the inpatients done is half way, never 100 % then 37 %', () => {
    // What the old bar showed for these: patients / sum of totals known so far: 100 % at the end of
    // the inpatients, then 37 % once the discharges' total arrived.
    const seen = [
      run('running', 17, [phase('inpatients', { pages: 1, encounters: 100, total: 300 }), phase('discharges', {})], 100),
      run('running', 50, [phase('inpatients', { done: true, pages: 3, encounters: 300, total: 300 }), phase('discharges', {})], 300),
      run('running', 54, [phase('inpatients', { done: true, pages: 3, encounters: 300, total: 300 }), phase('discharges', { pages: 1, encounters: 100, total: 510 })], 390),
      run('succeeded', 100, [phase('inpatients', { done: true, pages: 3, encounters: 300, total: 300 }), phase('discharges', { done: true, pages: 6, encounters: 510, total: 510 })], 1946),
    ].map((r) => progressModel(r));
    expect(seen.map((m) => m.percent)).toEqual([17, 50, 54, 100]);
    expect(seen.map((m) => m.indeterminate)).toEqual([false, false, false, false]);
    expect(seen.map((m) => progressWords(m, ts.vi))).toEqual([
      'Bước 1/2: Đang nội trú · 100/300 đợt điều trị, 100 bệnh nhân',
      'Bước 2/2: Ra viện gần đây · đang bắt đầu',
      'Bước 2/2: Ra viện gần đây · 100/510 đợt điều trị, 390 bệnh nhân',
      'Xong · 1.946 bệnh nhân',
    ]);
    expect(progressWords(seen[2] as ReturnType<typeof progressModel>, ts.en)).toBe('Step 2 of 2: Recent discharges · 100 of 510 stays, patients: 390');
    expect(progressWords(seen[3] as ReturnType<typeof progressModel>, ts.en)).toBe('Done · patients: 1.946');
  });

  it('never goes back on screen for the same run (a phase the server had to read again)', () => {
    const again = run('running', 12, [phase('inpatients', { pages: 1, encounters: 70, total: 300 }), phase('discharges', {})], 70);
    expect(progressModel(again, 40).percent).toBe(40);
  });

  it('with no Bundle.total: a moving bar, no number, and the pages and patients so far', () => {
    const m = progressModel(run('running', null, [phase('inpatients', { done: true, pages: 12, encounters: 1200 }), phase('discharges', { pages: 4, encounters: 400 })], 1550));
    expect(m).toMatchObject({ percent: null, indeterminate: true, step: 2, steps: 2 });
    expect(progressWords(m, ts.vi)).toBe('Bước 2/2: Ra viện gần đây · đã đọc 16 trang, 1.550 bệnh nhân (chưa biết tổng số)');
    expect(progressWords(m, ts.en)).toBe('Step 2 of 2: Recent discharges · pages read: 16, patients: 1.550 (total not known yet)');
  });

  it('a failed run says where it stopped and what was saved', () => {
    const m = progressModel(run('failed', null, [phase('inpatients', { pages: 2, encounters: 20 }), phase('discharges', {})], 20));
    expect(m.indeterminate).toBe(false);
    expect(progressWords(m, ts.vi)).toBe('Dừng ở bước 1/2: Đang nội trú · đã lưu 2 trang, 20 bệnh nhân');
  });

  it('a queued run (waiting for the server’s worker) says it waits its turn, and from where it will go on; after two minutes, that it may be stuck', () => {
    const fresh = progressModel(run('queued', null, [phase('inpatients', {}), phase('discharges', {})], 0));
    expect(fresh).toMatchObject({ percent: null, indeterminate: false, wording: 'queued' });
    expect(progressWords(fresh, ts.vi)).toBe('Đang chờ đến lượt: máy chủ sẽ bắt đầu đồng bộ trong giây lát');
    expect(progressWords(fresh, ts.en)).toBe('Waiting its turn: the server will start the sync in a moment');
    const resumed = progressModel(run('queued', null, [phase('inpatients', { pages: 3, encounters: 300 }), phase('discharges', {})], 300));
    expect(progressWords(resumed, ts.vi)).toBe('Đang chờ đến lượt để tiếp tục từ bước 1/2 · đã lưu 3 trang, 300 bệnh nhân');
    const queued = run('queued', null, [], 0);
    expect(isWaitingLong(queued, Date.parse(queued.heartbeatAt) + 2 * 60_000)).toBe(false);
    expect(isWaitingLong(queued, Date.parse(queued.heartbeatAt) + 2 * 60_000 + 1)).toBe(true);
    expect(isWaitingLong({ ...queued, status: 'running' }, Date.parse(queued.heartbeatAt) + 10 * 60_000)).toBe(false);
  });
});
