import { formatSearchQuery, type IncludeTarget, type SearchRequest, type SortRule } from '@medplum/core';
import type { Bundle, BundleEntry, BundleLink, Resource } from '@medplum/fhirtypes';
import { compileFilter, invalid, type CompiledFilter } from './search-filters.js';
import { paramDef, valuesOf, type ParamDef, type Range, type StringValues, type TokenValue } from './search-values.js';
import { compareIds, type ResourceStore } from './store.js';

/**
 * Type-level search over the store, filling what @medplum/fhir-router's MemoryRepository lacks:
 * a default and a maximum page size, Bundle.link self/next, _include and _revinclude resolved
 * through id lookups and equality indexes (not a scan per resource), and a total.
 * Order and paging: without _sort, results are in id order and `next` carries a keyset cursor
 * (the last id served), so paging stays gap- and duplicate-free while other resources are
 * updated; with _sort, `next` carries an _offset. Links are relative ("Patient?…"): the HTTP
 * layer, which knows the base URL, makes them absolute.
 */
export interface PageLimits {
  defaultCount: number;
  maxCount: number;
}

type Stored = Resource & { id: string };

export function searchStore(store: ResourceStore, request: SearchRequest, limits: PageLimits): Bundle {
  const type = request.resourceType;
  const filters = (request.filters ?? []).map((f) => compileFilter(type, f));
  const sortRules = request.sortRules?.filter((r) => r.code !== '_id' || r.descending) ?? [];
  const count = Math.max(0, Math.min(request.count ?? limits.defaultCount, limits.maxCount));
  // Remembered per query (not per page), so paging a large result does not filter it again for every page.
  const query = JSON.stringify([type, request.filters ?? [], sortRules]);
  const ordered = store.remember(query, () => {
    const pool = candidates(store, type, filters);
    const matches =
      filters.length === 0
        ? pool
        : pool.filter((id) => {
            const r = store.get(type, id);
            return r !== undefined && filters.every((f) => f.test(r));
          });
    return sortRules.length > 0 ? sortIds(store, type, matches, sortRules) : matches;
  });
  const { start, next } = pageWindow(ordered, request, count, sortRules.length > 0);
  const page = ordered.slice(start, start + count).map((id) => store.get(type, id) as Stored);
  const entry: BundleEntry[] = page.map((resource) => ({ resource, search: { mode: 'match' } }));
  for (const resource of included(store, page, request)) entry.push({ resource, search: { mode: 'include' } });
  const effective: SearchRequest = { ...request, count };
  const link: BundleLink[] = [{ relation: 'self', url: `${type}${formatSearchQuery(effective)}` }];
  if (next) link.push({ relation: 'next', url: `${type}${formatSearchQuery({ ...effective, ...next })}` });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(request.total === 'none' ? {} : { total: ordered.length }),
    link,
    ...(entry.length > 0 ? { entry } : {}),
  };
}

/** The smallest equality-index hit among the filters, in id order; otherwise every id of the type. */
function candidates(store: ResourceStore, type: string, filters: CompiledFilter[]): readonly string[] {
  let best: Set<string> | undefined;
  for (const f of filters) {
    if (!f.indexKeys) continue;
    const hit = store.lookup(type, f.def, f.indexKeys);
    if (!best || hit.size < best.size) best = hit;
  }
  return best ? [...best].sort(compareIds) : store.ids(type);
}

const encodeCursor = (id: string): string => Buffer.from(id, 'utf8').toString('base64url');

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) throw invalid('Invalid _cursor');
  return id;
}

function pageWindow(
  ids: readonly string[],
  request: SearchRequest,
  count: number,
  sorted: boolean,
): { start: number; next?: Partial<SearchRequest> } {
  if (sorted || request.cursor === undefined) {
    const start = request.offset ?? 0;
    if (start + count >= ids.length || count === 0) return { start };
    if (sorted) return { start, next: { offset: start + count } };
    return { start, next: { offset: undefined, cursor: encodeCursor(ids[start + count - 1] as string) } };
  }
  const after = decodeCursor(request.cursor);
  const start = firstAfter(ids, after);
  if (start + count >= ids.length) return { start };
  return { start, next: { offset: undefined, cursor: encodeCursor(ids[start + count - 1] as string) } };
}

/** Binary search in id-ordered ids for the first id greater than `after`. */
function firstAfter(ids: readonly string[], after: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareIds(ids[mid] as string, after) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

type SortKey = number | string | undefined;

function sortIds(store: ResourceStore, type: string, ids: readonly string[], rules: SortRule[]): string[] {
  const defs = rules.map((rule) => {
    const def = paramDef(type, rule.code);
    if (!def) throw invalid(`Cannot sort ${type} by '${rule.code}'`);
    return { def, sign: rule.descending ? -1 : 1 };
  });
  const keyed = ids.map((id) => {
    const r = store.get(type, id) as Stored;
    return { id, keys: defs.map(({ def }) => sortKey(r, def)) };
  });
  keyed.sort((a, b) => {
    for (let i = 0; i < defs.length; i++) {
      const c = compareKeys(a.keys[i], b.keys[i]);
      if (c !== 0) return c * (defs[i]?.sign ?? 1);
    }
    return compareIds(a.id, b.id);
  });
  return keyed.map((k) => k.id);
}

function sortKey(r: Resource, def: ParamDef): SortKey {
  const values = valuesOf(r, def);
  if (def.kind === 'date') return (values as Range[])[0]?.[0];
  if (def.kind === 'string') return (values as StringValues).folded[0];
  if (def.kind === 'token') return (values as TokenValue[])[0]?.code;
  return (values as string[])[0];
}

/** Missing values sort last whatever the direction. */
function compareKeys(a: SortKey, b: SortKey): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? -1 : 1;
}

function referenceDef(target: IncludeTarget, what: string): ParamDef {
  if (target.modifier === 'iterate') throw invalid(`${what}:iterate is not supported`);
  const def = paramDef(target.resourceType, target.searchParam);
  if (!def || def.kind !== 'reference') throw invalid(`${what}=${target.resourceType}:${target.searchParam} names no reference parameter`);
  return def;
}

/** _include by direct id lookup, _revinclude through the reference equality index. */
function included(store: ResourceStore, page: readonly Stored[], request: SearchRequest): Stored[] {
  const seen = new Set(page.map((r) => `${r.resourceType}/${r.id}`));
  const out: Stored[] = [];
  const add = (r: Stored | undefined): void => {
    const key = r && `${r.resourceType}/${r.id}`;
    if (!r || !key || seen.has(key)) return;
    seen.add(key);
    out.push(r);
  };
  for (const target of request.include ?? []) {
    const def = referenceDef(target, '_include');
    for (const r of page) {
      if (r.resourceType !== target.resourceType) continue;
      for (const ref of valuesOf(r, def) as string[]) {
        const [refType, refId] = ref.split('/');
        if (refType && refId && (!target.targetType || target.targetType === refType)) add(store.get(refType, refId));
      }
    }
  }
  for (const target of request.revInclude ?? []) {
    const def = referenceDef(target, '_revinclude');
    const ids = store.lookup(
      target.resourceType,
      def,
      page.map((r) => `${r.resourceType}/${r.id}`),
    );
    for (const id of [...ids].sort(compareIds)) add(store.get(target.resourceType, id));
  }
  return out;
}
