import { IncidentMetrics } from '@service-ownership/plugin-ownership-common';

/** The metrics of a team without incidents in the window. */
export function emptyMetrics(): IncidentMetrics {
  const none = {
    count: 0,
    meanMinutes: null,
    p50Minutes: null,
    p90Minutes: null,
  };
  return {
    incidents: 0,
    bySeverity: { P0: 0, P1: 0, P2: 0, P3: 0 },
    mtta: none,
    mttr: none,
    escalationRate: null,
    responseSlaCompliance: null,
    meetsTargets: {
      mttr: null,
      escalationRate: null,
      responseSlaCompliance: null,
    },
  };
}
