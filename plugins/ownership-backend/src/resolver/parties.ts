import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { OwnershipPerson } from '@service-ownership/plugin-ownership-common';

/** The catalog calls the resolver makes, always with the caller's credentials. */
export type ResolverCatalog = Pick<
  CatalogService,
  'getEntityByRef' | 'getEntitiesByRefs'
>;

/** The fields of a User or Group the response shows. */
export const PARTY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.profile.displayName',
  'spec.profile.email',
  'spec.profile.picture',
];

export function lower(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

/** The profile of a User or Group. */
export function profileOf(entity: Entity | undefined): {
  displayName?: string;
  email?: string;
  picture?: string;
} {
  const profile: unknown = entity?.spec?.profile;
  if (typeof profile !== 'object' || profile === null) {
    return {};
  }
  const p = profile as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return {
    displayName: text(p.displayName) ?? (entity?.metadata?.title || undefined),
    email: text(p.email),
    picture: text(p.picture),
  };
}

/**
 * Users and groups by ref, in one catalog call: everyone the response names
 * (contacts, members, on-call, collaborators, RACI participants, policy
 * targets). A ref missing from the map matches no entity the caller may read.
 */
export async function loadParties(
  catalog: ResolverCatalog,
  refs: Iterable<string>,
  credentials: BackstageCredentials,
): Promise<Map<string, OwnershipPerson>> {
  const parties = new Map<string, OwnershipPerson>();
  const unique = [...new Set(refs)];
  if (!unique.length) {
    return parties;
  }
  const { items } = await catalog.getEntitiesByRefs(
    { entityRefs: unique, fields: PARTY_FIELDS },
    { credentials },
  );
  for (const item of items) {
    if (item) {
      const entityRef = lower(stringifyEntityRef(item));
      parties.set(entityRef, { entityRef, exists: true, ...profileOf(item) });
    }
  }
  return parties;
}
