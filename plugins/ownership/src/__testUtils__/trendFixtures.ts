import { IncidentTrendPoint } from '@service-ownership/plugin-ownership-common';

const week = (
  from: string,
  to: string,
  incidents: number,
  figures: Partial<IncidentTrendPoint> = {},
): IncidentTrendPoint => ({
  from,
  to,
  incidents,
  mttaMinutes: null,
  mttrMinutes: null,
  escalationRate: null,
  responseSlaCompliance: null,
  ...figures,
});

/**
 * Weekly incident trends of the metrics fixtures' window: all teams, and
 * payments with a quiet week in the middle (a gap, not a zero).
 */
export function incidentTrends(): Record<string, IncidentTrendPoint[]> {
  return {
    '': [
      week('2026-10-31', '2026-11-01', 2, {
        mttaMinutes: 6,
        mttrMinutes: 40,
        escalationRate: 0.5,
        responseSlaCompliance: 1,
      }),
      week('2026-11-02', '2026-11-08', 7, {
        mttaMinutes: 12.5,
        mttrMinutes: 75,
        escalationRate: 0.2857,
        responseSlaCompliance: 0.8571,
      }),
      week('2026-11-09', '2026-11-15', 8, {
        mttaMinutes: 4,
        mttrMinutes: 20,
        escalationRate: 0.125,
        responseSlaCompliance: 1,
      }),
    ],
    'group:default/payments-team': [
      week('2026-10-31', '2026-11-01', 2, {
        mttaMinutes: 6,
        mttrMinutes: 40,
        escalationRate: 0.5,
        responseSlaCompliance: 1,
      }),
      week('2026-11-02', '2026-11-08', 0),
      week('2026-11-09', '2026-11-15', 10, {
        mttaMinutes: 4,
        mttrMinutes: 18,
        escalationRate: 0,
        responseSlaCompliance: 1,
      }),
    ],
  };
}
