import {
  IncidentMetricsTargets,
  OwnershipMetricsResponse,
  OwnershipMetricsTargets,
  OwnershipRecommendation,
  OWNERSHIP_RECOMMENDATION_KINDS,
} from '@service-ownership/plugin-ownership-common';

const percent = (v: number) => `${Math.round(v * 1000) / 10} %`;

/** `high` when the figure misses its target by more than half again. */
function severity(
  value: number,
  target: number,
  higherIsBetter: boolean,
): OwnershipRecommendation['severity'] {
  const miss = higherIsBetter ? target / value : value / target;
  return miss > 1.5 ? 'high' : 'medium';
}

function median(values: number[]): number | null {
  if (!values.length) {
    return null;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The ownership model guide's recommendations for a metrics response:
 * escalation rate and MTTR over target per team, coverage below target
 * naming the first orphans, owner teams of one person, and on-call load
 * far above the teams' median. Most severe first, then by kind and team.
 */
export function ownershipRecommendations(options: {
  metrics: OwnershipMetricsResponse;
  targets: IncidentMetricsTargets & OwnershipMetricsTargets;
  firstOrphans: string[];
}): OwnershipRecommendation[] {
  const { metrics, targets, firstOrphans } = options;
  const found: OwnershipRecommendation[] = [];
  for (const team of metrics.teams) {
    if (!team.teamRef) {
      continue;
    }
    const rate = team.escalationRate;
    if (rate !== null && rate > targets.escalationRate) {
      found.push({
        kind: 'escalation-rate',
        severity: severity(rate, targets.escalationRate, false),
        teamRef: team.teamRef,
        message: `${team.teamRef} escalated ${percent(rate)} of its ${
          team.incidents
        } incidents past level 1 (target under ${percent(
          targets.escalationRate,
        )}): review its runbooks and what the first responders may do.`,
        value: rate,
        target: targets.escalationRate,
      });
    }
    const mttr = team.mttr.meanMinutes;
    if (mttr !== null && mttr > targets.mttrMinutes) {
      found.push({
        kind: 'mttr',
        severity: severity(mttr, targets.mttrMinutes, false),
        teamRef: team.teamRef,
        message: `${team.teamRef} took ${mttr} minutes on average to resolve an incident (target under ${targets.mttrMinutes}): look at its slowest incidents' causes and its runbooks.`,
        value: mttr,
        target: targets.mttrMinutes,
      });
    }
  }
  const coverage = metrics.coverage.coverage;
  if (coverage !== null && coverage < targets.coverage) {
    const orphans = metrics.coverage.total - metrics.coverage.owned;
    found.push({
      kind: 'coverage',
      severity: severity(coverage, targets.coverage, true),
      message: `Coverage is ${percent(coverage)} (target over ${percent(
        targets.coverage,
      )}): ${orphans} service${
        orphans === 1 ? ' has' : 's have'
      } no working owner${
        firstOrphans.length ? `, first ${firstOrphans.join(', ')}` : ''
      }. Assign owners or fix the reasons listed on the coverage page.`,
      value: coverage,
      target: targets.coverage,
      ...(firstOrphans.length ? { entityRefs: firstOrphans } : {}),
    });
  }
  const loads: number[] = [];
  for (const team of metrics.teamOwnership) {
    if (team.members === 1 && team.coverage.total > 0) {
      found.push({
        kind: 'bus-factor',
        severity: 'medium',
        teamRef: team.teamRef,
        message: `${team.teamRef} has one member for ${
          team.coverage.total
        } service${
          team.coverage.total === 1 ? '' : 's'
        }: add a second person or a backup on its escalation policy.`,
        value: 1,
        target: 2,
      });
    }
    if (team.onCallLoad !== null) {
      loads.push(team.onCallLoad);
    }
  }
  const typical = median(loads);
  if (typical !== null && typical > 0) {
    for (const team of metrics.teamOwnership) {
      const load = team.onCallLoad;
      if (load !== null && load > typical * targets.onCallLoadFactor) {
        found.push({
          kind: 'on-call-load',
          severity: severity(load, typical * targets.onCallLoadFactor, false),
          teamRef: team.teamRef,
          message: `${team.teamRef} carries an on-call load of ${load} per person, more than ${targets.onCallLoadFactor} times the teams' median of ${typical}: add people to its rota or move services.`,
          value: load,
          target: typical,
        });
      }
    }
  }
  const rank = { high: 0, medium: 1 };
  return found.sort(
    (a, b) =>
      rank[a.severity] - rank[b.severity] ||
      OWNERSHIP_RECOMMENDATION_KINDS.indexOf(a.kind) -
        OWNERSHIP_RECOMMENDATION_KINDS.indexOf(b.kind) ||
      (a.teamRef ?? '').localeCompare(b.teamRef ?? ''),
  );
}
