import type { Resource } from '@medplum/fhirtypes';
import { tokenKeys } from './search-filters.js';
import { valuesOf, type ParamDef, type TokenValue } from './search-values.js';

/**
 * In-memory storage of the demo hospital: current versions, version history, the id order used for
 * paging, equality indexes built on first use, and an undo journal for transactions.
 * Stored objects are never mutated: a write stores a new object (search-values.ts caches by identity).
 */
type Stored = Resource & { id: string };

const REMEMBERED_SEARCHES = 8;

interface EqualityIndex {
  def: ParamDef;
  keys: Map<string, Set<string>>;
}

interface JournalEntry {
  type: string;
  id: string;
  previous: Stored | undefined;
  historyLength: number;
}

export class ResourceStore {
  private readonly byType = new Map<string, Map<string, Stored>>();
  private readonly versions = new Map<string, Stored[]>();
  private readonly sortedIds = new Map<string, string[]>();
  /** type → code → equality index (tokens, references), built on the first search needing it. */
  private readonly indexes = new Map<string, Map<string, EqualityIndex>>();
  private journal: JournalEntry[] | undefined;
  /** Bumped by every change: results remembered under an older generation are stale. */
  private generation = 0;
  /** Search results remembered for paging (a few, newest last), each with the generation it was computed at. */
  private readonly remembered = new Map<string, { generation: number; ids: readonly string[] }>();

  get(type: string, id: string): Stored | undefined {
    return this.byType.get(type)?.get(id);
  }

  count(type: string): number {
    return this.byType.get(type)?.size ?? 0;
  }

  types(): string[] {
    return [...this.byType.keys()].sort();
  }

  history(type: string, id: string): readonly Stored[] {
    return this.versions.get(`${type}/${id}`) ?? [];
  }

  /** Ids of a type in code-unit order: the stable order of paging (keyset on id). */
  ids(type: string): readonly string[] {
    let ids = this.sortedIds.get(type);
    if (!ids) {
      ids = [...(this.byType.get(type)?.keys() ?? [])].sort(compareIds);
      this.sortedIds.set(type, ids);
    }
    return ids;
  }

  /**
   * The ids a search matches, computed once per query and store generation: the pages of one
   * search (same query, cursor moving on) are then a binary search each, not a filter of the
   * whole type. Keeps the few most recent queries.
   */
  remember(key: string, compute: () => readonly string[]): readonly string[] {
    const hit = this.remembered.get(key);
    if (hit && hit.generation === this.generation) {
      this.remembered.delete(key);
      this.remembered.set(key, hit); // most recently used last
      return hit.ids;
    }
    const ids = compute();
    this.remembered.delete(key);
    this.remembered.set(key, { generation: this.generation, ids });
    while (this.remembered.size > REMEMBERED_SEARCHES) this.remembered.delete(this.remembered.keys().next().value as string);
    return ids;
  }

  put(resource: Stored): void {
    this.generation += 1;
    const { resourceType: type, id } = resource;
    let ofType = this.byType.get(type);
    if (!ofType) {
      ofType = new Map();
      this.byType.set(type, ofType);
    }
    const previous = ofType.get(id);
    const key = `${type}/${id}`;
    const versions = this.versions.get(key) ?? [];
    this.journal?.push({ type, id, previous, historyLength: versions.length });
    if (previous) this.unindex(previous);
    else this.sortedIds.delete(type);
    ofType.set(id, resource);
    versions.push(resource);
    this.versions.set(key, versions);
    this.index(resource);
  }

  remove(type: string, id: string): boolean {
    const previous = this.get(type, id);
    if (!previous) return false;
    this.generation += 1;
    this.journal?.push({ type, id, previous, historyLength: this.history(type, id).length });
    this.unindex(previous);
    this.byType.get(type)?.delete(id);
    this.sortedIds.delete(type);
    return true;
  }

  /** Ids carrying any of `keys` in the equality index of `def` (built now if it does not exist yet). */
  lookup(type: string, def: ParamDef, keys: readonly string[]): Set<string> {
    const index = this.indexFor(type, def);
    const ids = new Set<string>();
    for (const k of keys) for (const id of index.get(k) ?? []) ids.add(id);
    return ids;
  }

  /** Starts recording undo information; nested calls join the outer transaction. */
  begin(): boolean {
    if (this.journal) return false;
    this.journal = [];
    return true;
  }

  commit(): void {
    this.journal = undefined;
  }

  rollback(): void {
    const entries = this.journal ?? [];
    this.journal = undefined;
    for (const e of entries.reverse()) this.restore(e);
  }

  private restore({ type, id, previous, historyLength }: JournalEntry): void {
    this.generation += 1;
    const current = this.get(type, id);
    if (current) this.unindex(current);
    if (previous) {
      this.byType.get(type)?.set(id, previous);
      this.index(previous);
    } else this.byType.get(type)?.delete(id);
    this.sortedIds.delete(type);
    const versions = this.versions.get(`${type}/${id}`);
    if (versions) versions.length = historyLength;
  }

  private indexFor(type: string, def: ParamDef): Map<string, Set<string>> {
    let ofType = this.indexes.get(type);
    if (!ofType) {
      ofType = new Map();
      this.indexes.set(type, ofType);
    }
    let index = ofType.get(def.code);
    if (!index) {
      index = { def, keys: new Map() };
      ofType.set(def.code, index);
      for (const r of this.byType.get(type)?.values() ?? []) addKeys(index.keys, keysOf(r, def), r.id);
    }
    return index.keys;
  }

  private index(r: Stored): void {
    for (const { def, keys } of this.indexes.get(r.resourceType)?.values() ?? []) addKeys(keys, keysOf(r, def), r.id);
  }

  private unindex(r: Stored): void {
    for (const { def, keys } of this.indexes.get(r.resourceType)?.values() ?? []) {
      for (const k of keysOf(r, def)) keys.get(k)?.delete(r.id);
    }
  }
}

function keysOf(r: Resource, def: ParamDef): string[] {
  const values = valuesOf(r, def);
  if (def.kind === 'token') return (values as TokenValue[]).flatMap(tokenKeys);
  return values as string[];
}

function addKeys(index: Map<string, Set<string>>, keys: readonly string[], id: string): void {
  for (const k of keys) {
    let ids = index.get(k);
    if (!ids) {
      ids = new Set();
      index.set(k, ids);
    }
    ids.add(id);
  }
}

/** Plain code-unit order (not locale order): the same on every machine and in every Node version. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
