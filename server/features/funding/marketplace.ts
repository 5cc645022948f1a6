import type { z } from 'zod';
import { foldVietnamese } from '../../../fhir-mappings/patient-name.js';
import type { Clock } from '../../clock.js';
import { decodeCursor, encodeCursor } from '../../http/pagination.js';
import { badRequest } from '../../errors.js';
import { findHospital } from '../admin/hospitals.service.js';
import { marketplaceFilter } from './funding.relationships.js';
import { FundingRequestModel, type FundingRequestRecord } from './funding.model.js';
import type { MarketplaceItem, marketplaceQuery } from './funding.schemas.js';
import { requestMoneyMany, type RequestMoney } from './ledger/ledger.js';

/**
 * The marketplace ("Hoàn cảnh cần hỗ trợ", issue 12 point 2): the requests partners may fund now:
 * story listed, status open to pledges, the patient's publish-story consent in force (asked on every
 * call: funding.relationships.ts `marketplaceFilter`). Filters by province, age band, need, urgency
 * and the amount left; sorts by needed-by day (default), amount left either way, or newest.
 *
 * The amount left lives in the ledger's accounts, not on the request, so the page is cut here after
 * the money is read: at most MAX_LISTED requests are on the marketplace at once (the network's
 * scale is hundreds), sorted and cut by a keyset cursor (the sort key and the id of the last card),
 * so pages stay right while requests come and go. Each card lists its fields: nothing identifies the
 * patient (no name, no case or patient id, no birth date: only the age band and the new province).
 */
export type MarketplaceQuery = z.infer<typeof marketplaceQuery>;
type Sort = NonNullable<MarketplaceQuery['sort']>;

const MAX_LISTED = 5000;

interface Row {
  r: FundingRequestRecord;
  money: RequestMoney;
  left: number;
}

/** The sort's key of a card: a number or a day/time string, then the id breaks ties. */
function keyOf(sort: Sort, row: Row): string | number {
  switch (sort) {
    case 'needed-by':
      return row.r.neededBy;
    case 'left-asc':
    case 'left-desc':
      return row.left;
    case 'newest':
      return row.r.story?.publishedAt?.toISOString() ?? '';
  }
}

function compare(sort: Sort, a: { key: string | number; id: string }, b: { key: string | number; id: string }): number {
  const desc = sort === 'left-desc' || sort === 'newest' ? -1 : 1;
  if (a.key !== b.key) return (a.key < b.key ? -1 : 1) * desc;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const invalidCursor = (): Error => badRequest('VALIDATION.FAILED', 'Invalid cursor', [{ path: 'query.cursor', message: 'not a cursor this API issued', code: 'invalid_cursor' }]);

function afterCursor(sort: Sort, cursor: string | undefined): ((c: { key: string | number; id: string }) => boolean) | null {
  if (!cursor) return null;
  const { s, k, id } = decodeCursor(cursor);
  if (s !== sort || typeof id !== 'string' || (typeof k !== 'string' && typeof k !== 'number')) throw invalidCursor();
  return (c) => compare(sort, c, { key: k, id }) > 0;
}

function dbFilter(base: Record<string, unknown>, q: MarketplaceQuery): Record<string, unknown> {
  const f: Record<string, unknown> = { ...base };
  if (q.ageBand) f['story.ageBand'] = q.ageBand;
  if (q.need) f['lines.kind'] = q.need; // the lines say it, whatever the story wrote when
  if (q.urgency) f.urgency = q.urgency;
  return f;
}

function keeps(q: MarketplaceQuery, row: Row): boolean {
  if (q.province && foldVietnamese(row.r.story?.province ?? '') !== foldVietnamese(q.province)) return false;
  if (q.minLeftVnd !== undefined && row.left < q.minLeftVnd) return false;
  return q.maxLeftVnd === undefined || row.left <= q.maxLeftVnd;
}

export interface MarketplacePage {
  rows: Row[];
  nextCursor: string | null;
  total: number;
}

/** The page of listed requests, with each one's money (the ledger's counters, read once for all). */
export async function listMarketplace(q: MarketplaceQuery, clock: Clock): Promise<MarketplacePage> {
  const sort: Sort = q.sort ?? 'needed-by';
  const after = afterCursor(sort, q.cursor); // a bad cursor is a 400 even when nothing is listed
  const base = await marketplaceFilter(clock);
  if (!base) return { rows: [], nextCursor: null, total: 0 };
  const records = await FundingRequestModel.find(dbFilter(base, q)).limit(MAX_LISTED).lean<FundingRequestRecord[]>();
  const money = await requestMoneyMany(records.map((r) => r._id));
  const all = records
    .map((r): Row => {
      const m = money.get(r._id.toHexString()) ?? { askedVnd: r.askedVnd, pledgedVnd: 0, disbursedVnd: 0, leftVnd: 0, open: false };
      return { r, money: m, left: m.open ? m.leftVnd : 0 };
    })
    .filter((row) => keeps(q, row))
    .map((row) => ({ row, c: { key: keyOf(sort, row), id: row.r._id.toHexString() } }))
    .sort((a, b) => compare(sort, a.c, b.c));
  const rest = after ? all.filter((x) => after(x.c)) : all;
  const page = rest.slice(0, q.limit);
  const last = page[page.length - 1];
  const nextCursor = rest.length > q.limit && last ? encodeCursor({ s: sort, k: last.c.key, id: last.c.id }) : null;
  return { rows: page.map((x) => x.row), nextCursor, total: all.length };
}

/** A card: the story and the money, nothing identifying. */
export async function toMarketplaceItems(rows: readonly Row[]): Promise<MarketplaceItem[]> {
  const names = new Map<string, string>();
  for (const id of new Set(rows.map((x) => x.r.hospitalId.toHexString()))) names.set(id, (await findHospital(id))?.name ?? '');
  return rows.map(({ r, money, left }) => {
    const s = r.story;
    const hospitalId = r.hospitalId.toHexString();
    return {
      id: r._id.toHexString(),
      reference: r.reference,
      hospital: { id: hospitalId, name: names.get(hospitalId) ?? '' },
      title: s?.title ?? '',
      text: s?.text ?? '',
      diagnosisGroup: s?.diagnosisGroup ?? '',
      ageBand: s?.ageBand ?? null,
      province: s?.province ?? null,
      needs: [...new Set(r.lines.map((l) => l.kind))],
      urgency: r.urgency,
      neededBy: r.neededBy,
      money: {
        totalVnd: r.lines.reduce((sum, l) => sum + l.totalVnd, 0),
        insuranceVnd: r.lines.reduce((sum, l) => sum + l.insuranceVnd, 0),
        askedVnd: r.askedVnd,
        pledgedVnd: money.pledgedVnd,
        disbursedVnd: money.disbursedVnd,
        leftVnd: left,
      },
      publishedAt: (s?.publishedAt ?? r.updatedAt).toISOString(),
    };
  });
}
