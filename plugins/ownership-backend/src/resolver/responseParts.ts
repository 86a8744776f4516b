import { Entity } from '@backstage/catalog-model';
import {
  EntityRaciSummary,
  ModelEscalationLevel,
  ModelEscalationTarget,
  OnCallShift,
  OwnershipFinding,
  OwnershipModel,
  OwnershipPerson,
  OwnershipTeam,
  ResolvedEscalationLevel,
  ResolvedEscalationTarget,
  sortFindings,
} from '@service-ownership/plugin-ownership-common';
import { Duration } from 'luxon';
import { profileOf } from './parties';
import { ResolvedTeam } from './TeamLoader';

/** An entity read for the response, with its model. */
export type Read = { ref: string; entity: Entity; model: OwnershipModel };

/** The owner: a group with its members and parents, or a user. */
export function ownerTeam(
  ownerRef: string | undefined,
  context: {
    team?: ResolvedTeam;
    person: (ref: string) => OwnershipPerson;
  },
): OwnershipTeam | undefined {
  if (!ownerRef) {
    return undefined;
  }
  const { team, person } = context;
  if (team) {
    const profile = profileOf(team.entity);
    return {
      entityRef: ownerRef,
      exists: Boolean(team.entity),
      kind: 'Group',
      displayName: profile.displayName,
      email: profile.email,
      members: team.memberRefs.map(person),
      parents: team.parents,
    };
  }
  const p = person(ownerRef);
  return {
    entityRef: ownerRef,
    exists: p.exists,
    kind: 'User',
    displayName: p.displayName,
    email: p.email,
    members: p.exists ? [p] : [],
    parents: [],
  };
}

export function resolveLevel(
  level: ModelEscalationLevel,
  people: (target: ModelEscalationTarget) => OwnershipPerson[],
  onCallOf: (schedule: string) => OnCallShift | undefined,
): ResolvedEscalationLevel {
  const minutes = level.escalateAfterMinutes;
  return {
    level: level.level,
    name: level.name,
    escalateAfter:
      minutes === undefined
        ? level.escalateAfter ?? ''
        : Duration.fromObject({ minutes }).rescale().toISO()!,
    escalateAfterMinutes: minutes ?? 0,
    repeat: level.repeat,
    conditions: level.conditions,
    targets: level.targets.map((target): ResolvedEscalationTarget => {
      if (target.type === 'schedule') {
        const current = onCallOf(target.id);
        return {
          type: target.type,
          id: target.id,
          people: current ? [current.person] : [],
          onCall: current,
        };
      }
      return { type: target.type, id: target.id, people: people(target) };
    }),
  };
}

export function toRaciSummary(
  matrix: Read,
  findings: OwnershipFinding[],
): EntityRaciSummary {
  return {
    matrixRef: matrix.ref,
    title: matrix.entity.metadata.title,
    activities: matrix.model.activities.map(a => ({
      name: a.name,
      responsible: a.responsible,
      accountable: a.accountable,
      consulted: a.consulted,
      informed: a.informed,
      decisionAuthority: a.decisionAuthority,
      escalationPath: a.escalationPath,
    })),
    findings: sortFindings(findings),
  };
}
