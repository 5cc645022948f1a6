import { randomUUID } from 'node:crypto';
import {
  badRequest,
  notFound,
  OperationOutcomeError,
  preconditionFailed,
  validateResource,
  type SearchRequest,
  type WithId,
} from '@medplum/core';
import { FhirRepository, type CreateResourceOptions, type RepositoryMode, type UpdateResourceOptions } from '@medplum/fhir-router';
import type { Bundle, Reference, Resource } from '@medplum/fhirtypes';
import { applyPatch, type Operation } from 'rfc6902';
import { ensureFhirDefinitions } from '../definitions.js';
import { searchStore, type PageLimits } from './search.js';
import { paramDef } from './search-values.js';
import { ResourceStore } from './store.js';

/**
 * The FhirRepository behind the demo hospital's FhirRouter. In place of @medplum/fhir-router's
 * MemoryRepository, which clones every match of a search before slicing a page, trusts the
 * client's meta.lastUpdated on create (breaking _lastUpdated sync) and has no rollback:
 * - writes are validated (FHIR R4 structure, via @medplum/core) and stamped with the server clock;
 * - `withTransaction` undoes every write of a failed transaction;
 * - only the resource types the CapabilityStatement lists are accepted;
 * - `load` seeds generated resources in bulk, without validation or cloning (the generator's
 *   output is validated by its tests).
 * Reads return the stored object (never mutated by the server); writes store a fresh copy.
 */
export interface DemoRepositoryOptions {
  resourceTypes: readonly string[];
  limits: PageLimits;
  /** Stamps meta.lastUpdated on writes. */
  clock: () => Date;
}

type Stored = Resource & { id: string };

export class DemoRepository extends FhirRepository<undefined> {
  readonly store = new ResourceStore();
  private readonly types: ReadonlySet<string>;

  constructor(private readonly options: DemoRepositoryOptions) {
    super();
    ensureFhirDefinitions();
    this.types = new Set(options.resourceTypes);
  }

  get resourceTypes(): readonly string[] {
    return this.options.resourceTypes;
  }

  /** Bulk seeding: resources must carry id and meta (the generator's do). */
  load(resources: Iterable<Resource>): number {
    let n = 0;
    for (const r of resources) {
      if (!r.id) throw new Error(`load: ${r.resourceType} without id`);
      this.store.put(r as Stored);
      n++;
    }
    return n;
  }

  setMode(_mode: RepositoryMode): void {}

  generateId(): string {
    return randomUUID();
  }

  /** A plain create gets a server id (FHIR ignores the client's); batches pre-assign ids to resolve urn:uuid references. */
  async createResource<T extends Resource>(resource: T, options?: CreateResourceOptions): Promise<WithId<T>> {
    return this.write({ ...resource, id: options?.assignedId && resource.id ? resource.id : this.generateId() });
  }

  async updateResource<T extends Resource>(resource: T, options?: UpdateResourceOptions): Promise<WithId<T>> {
    if (!resource.id) throw new OperationOutcomeError(badRequest('Missing id'));
    const current = this.store.get(resource.resourceType, resource.id);
    if (options?.ifMatch && current?.meta?.versionId !== options.ifMatch) {
      throw new OperationOutcomeError(current ? preconditionFailed : notFound);
    }
    return this.write(resource as WithId<T>);
  }

  async patchResource<T extends Resource>(resourceType: T['resourceType'], id: string, patch: Operation[]): Promise<WithId<T>> {
    const copy = structuredClone(await this.readResource<T>(resourceType, id));
    const errors = applyPatch(copy, patch).filter((e) => e !== null);
    if (errors.length > 0) throw new OperationOutcomeError(badRequest(errors.map((e) => e.message).join('\n')));
    return this.write(copy as WithId<T>);
  }

  async readResource<T extends Resource>(resourceType: string, id: string): Promise<WithId<T>> {
    const r = this.store.get(resourceType, id);
    if (!r) throw new OperationOutcomeError(notFound);
    return r as WithId<T>;
  }

  async readReference<T extends Resource>(reference: Reference<T>): Promise<WithId<T>> {
    const [type, id, extra] = reference.reference?.split('/') ?? [];
    if (!type || !id || extra !== undefined) throw new OperationOutcomeError(badRequest('Invalid reference'));
    return this.readResource<T>(type, id);
  }

  async readReferences<T extends Resource>(references: readonly Reference<T>[]): Promise<(T | Error)[]> {
    return Promise.all(references.map((r) => this.readReference(r).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))))));
  }

  async readHistory<T extends Resource>(
    resourceType: string,
    id: string,
    options?: { offset?: number; limit?: number },
  ): Promise<Bundle<WithId<T>>> {
    await this.readResource(resourceType, id);
    const versions = [...this.store.history(resourceType, id)].reverse();
    const start = options?.offset ?? 0;
    const slice = versions.slice(start, options?.limit === undefined ? undefined : start + options.limit);
    return {
      resourceType: 'Bundle',
      type: 'history',
      total: versions.length,
      entry: slice.map((resource) => ({ resource: resource as WithId<T> })),
    };
  }

  async readVersion<T extends Resource>(resourceType: string, id: string, vid: string): Promise<WithId<T>> {
    await this.readResource(resourceType, id);
    const version = this.store.history(resourceType, id).find((r) => r.meta?.versionId === vid);
    if (!version) throw new OperationOutcomeError(notFound);
    return version as WithId<T>;
  }

  async deleteResource(resourceType: string, id: string): Promise<void> {
    if (!this.store.remove(resourceType, id)) throw new OperationOutcomeError(notFound);
  }

  async search<T extends Resource>(request: SearchRequest<T>): Promise<Bundle<WithId<T>>> {
    if (request.types?.length || !this.types.has(request.resourceType)) {
      throw new OperationOutcomeError(
        badRequest(`Search of ${request.types?.join(',') ?? request.resourceType} is not supported by this server`),
      );
    }
    return searchStore(this.store, request, this.options.limits) as Bundle<WithId<T>>;
  }

  async searchByReference<T extends Resource>(
    request: SearchRequest<T>,
    referenceField: string,
    references: string[],
  ): Promise<Record<string, WithId<T>[]>> {
    const def = paramDef(request.resourceType, referenceField);
    if (!def) throw new OperationOutcomeError(badRequest(`Unknown search parameter ${referenceField}`));
    const out: Record<string, WithId<T>[]> = {};
    for (const ref of references) {
      const ids = this.store.lookup(request.resourceType, def, [ref]);
      out[ref] = [...ids].map((id) => this.store.get(request.resourceType, id) as WithId<T>);
    }
    return out;
  }

  /** Runs `callback`, undoing every write it made if it throws; a nested call joins the outer one. */
  async withTransaction<TResult>(callback: (client: undefined) => Promise<TResult>): Promise<TResult> {
    const outer = this.store.begin();
    try {
      const result = await callback(undefined);
      if (outer) this.store.commit();
      return result;
    } catch (err) {
      if (outer) this.store.rollback();
      throw err;
    }
  }

  private write<T extends Resource>(input: WithId<T>): WithId<T> {
    if (!this.types.has(input.resourceType)) {
      throw new OperationOutcomeError(badRequest(`Resource type ${input.resourceType} is not supported by this server`));
    }
    if (!/^[A-Za-z0-9\-.]{1,64}$/.test(input.id)) throw new OperationOutcomeError(badRequest(`Invalid id '${input.id}'`));
    // Versions count up over the resource's whole history (HAPI style), so an ETag is W/"n".
    const version = this.store.history(input.resourceType, input.id).length + 1;
    const resource = JSON.parse(JSON.stringify(input)) as WithId<T>;
    resource.meta = { ...resource.meta, versionId: String(version), lastUpdated: this.options.clock().toISOString() };
    validateResource(resource);
    this.store.put(resource);
    return resource;
  }
}
