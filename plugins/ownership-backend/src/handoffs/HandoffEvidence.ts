import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Handoff,
  HandoffEvidenceKind,
  HandoffEvidenceStatus,
  readOwnershipModel,
} from '@service-ownership/plugin-ownership-common';
import { HandoffDirectory } from './HandoffDirectory';

const DOCS_ANNOTATIONS = [
  'backstage.io/techdocs-ref',
  'backstage.io/techdocs-entity',
];
const RELATION_DEPENDS_ON = 'dependsOn';
/** States in which the receiving team's paging counts as on-call evidence. */
const ON_CALL_STATES = [
  'shadow-period',
  'reverse-shadow',
  'validation',
  'completed',
];

function lower(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

/**
 * The evidence the suite checks itself for gated checklist items, read
 * with the viewer's credentials (a policy the viewer may not read is
 * missing evidence for them).
 */
export class HandoffEvidence {
  constructor(
    private readonly catalog: Pick<CatalogService, 'getEntityByRef'>,
    private readonly directory: HandoffDirectory,
  ) {}

  /** Evidence per gated checklist item id. */
  async forChecklist(
    handoff: Handoff,
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<Record<string, HandoffEvidenceStatus>> {
    const kinds = [
      ...new Set(
        handoff.checklist.flatMap(i => (i.evidence ? [i.evidence] : [])),
      ),
    ];
    const statuses = new Map<HandoffEvidenceKind, HandoffEvidenceStatus>();
    await Promise.all(
      kinds.map(async kind => {
        statuses.set(kind, await this.of(kind, handoff, entity, credentials));
      }),
    );
    return Object.fromEntries(
      handoff.checklist.flatMap(item =>
        item.evidence ? [[item.id, statuses.get(item.evidence)!]] : [],
      ),
    );
  }

  /** One kind of evidence for the handoff. */
  async of(
    kind: HandoffEvidenceKind,
    handoff: Handoff & { stakeholdersNotifiedAt?: string },
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<HandoffEvidenceStatus> {
    switch (kind) {
      case 'documentation': {
        const annotations = entity.metadata.annotations ?? {};
        const ref = DOCS_ANNOTATIONS.find(a => annotations[a]);
        if (ref) {
          return {
            kind,
            satisfied: true,
            detail: `TechDocs ref: ${annotations[ref]} (${ref})`,
          };
        }
        const link = entity.metadata.links?.[0];
        return link
          ? {
              kind,
              satisfied: true,
              detail: `Docs link: ${link.title ?? link.url}`,
              url: link.url,
            }
          : {
              kind,
              satisfied: false,
              detail: `No TechDocs ref (${DOCS_ANNOTATIONS.join(
                ' or ',
              )}) and no metadata.links entry`,
            };
      }
      case 'dependencies': {
        const deps = (entity.relations ?? [])
          .filter(r => r.type === RELATION_DEPENDS_ON)
          .map(r => r.targetRef);
        return deps.length
          ? {
              kind,
              satisfied: true,
              detail: `Depends on ${deps.slice(0, 5).join(', ')}${
                deps.length > 5 ? ` and ${deps.length - 5} more` : ''
              }`,
            }
          : {
              kind,
              satisfied: false,
              detail: 'No dependsOn relations in the catalog',
            };
      }
      case 'stakeholders-notified':
        return handoff.stakeholdersNotifiedAt
          ? {
              kind,
              satisfied: true,
              detail: `The suite notified the stakeholders at ${handoff.stakeholdersNotifiedAt}`,
            }
          : {
              kind,
              satisfied: false,
              detail:
                'The suite has not sent the handoff notification (notifications not installed, or no recipients)',
            };
      case 'on-call':
      default:
        return this.onCallEvidence(handoff, entity, credentials);
    }
  }

  private async onCallEvidence(
    handoff: Handoff,
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<HandoffEvidenceStatus> {
    const kind = 'on-call';
    const policyRef = readOwnershipModel(entity).block?.escalationPolicy;
    if (!policyRef) {
      return {
        kind,
        satisfied: false,
        detail:
          'The entity has no escalation policy (spec.ownership.escalationPolicy)',
      };
    }
    const policy = await this.catalog.getEntityByRef(policyRef, {
      credentials,
    });
    if (!policy) {
      return {
        kind,
        satisfied: false,
        detail: `Escalation policy ${policyRef} not found`,
      };
    }
    const [groups, members] = await Promise.all([
      this.directory.teamTree(handoff.toTeam),
      this.directory.membersOf(handoff.toTeam),
    ]);
    const team = new Set([...groups, ...members]);
    let found: string | undefined;
    for (const level of readOwnershipModel(policy).levels) {
      for (const target of level.targets) {
        const hit = [
          ...(target.ref ? [target.ref] : []),
          ...(target.rota?.members ?? []),
        ].find(ref => team.has(lower(ref)));
        if (hit && !found) {
          found = `${hit} is ${
            target.rota ? 'on the rota of' : 'a target of'
          } level ${level.level} "${level.name}" of ${policyRef}`;
        }
      }
    }
    if (!found) {
      return {
        kind,
        satisfied: false,
        detail: `Neither ${handoff.toTeam} nor its members are targets of ${policyRef} or on its rota`,
      };
    }
    return ON_CALL_STATES.includes(handoff.state)
      ? { kind, satisfied: true, detail: found }
      : {
          kind,
          satisfied: false,
          detail: `${found}; it counts from the shadow period on`,
        };
  }
}
