import {
  Config,
  ConfigReader,
  readDurationFromConfig,
} from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import {
  DEFAULT_INCIDENT_METRICS_TARGETS,
  DEFAULT_OWNERSHIP_METRICS_TARGETS,
  IncidentMetricsTargets,
  OwnershipMetricsTargets,
} from '@service-ownership/plugin-ownership-common';

/** `ownership.incidents`, with defaults applied. */
/**
 * Which stored, still-open incidents a pull hands back to their source to
 * re-read (`ownership.incidents.pull.reread`).
 */
export interface IncidentRereadConfig {
  /**
   * At most this many per pull, oldest first, in turn when there are more;
   * 0 turns re-reading off.
   */
  maxIncidents: number;
  /** Only incidents created within this age. */
  maxAge: HumanDuration;
}

/** Defaults of {@link IncidentRereadConfig}. */
export const DEFAULT_INCIDENT_REREAD: IncidentRereadConfig = {
  maxIncidents: 200,
  maxAge: { days: 90 },
};

export interface IncidentsConfig {
  /** Response SLA for policies whose level-1 escalateAfter is unknown. */
  defaultResponseSlaMinutes: number;
  targets: IncidentMetricsTargets;
  /** `targets.coverage`, `handoffSuccess`, `reviewFreshnessDays`, `onCallLoadFactor`, `orphansNamed`. */
  ownershipTargets: OwnershipMetricsTargets;
  pull: {
    frequency: HumanDuration;
    timeout: HumanDuration;
    initialDelay: HumanDuration;
    /** Re-read this far before the last successful pull (incidents change after creation). */
    lookback: HumanDuration;
    /** How far back the first pull of a source reads. */
    initialWindow: HumanDuration;
    /** Stored open incidents created before the pull window, re-read by id. */
    reread: IncidentRereadConfig;
  };
  sources: {
    file?: { path: string; format?: 'csv' | 'json' };
    pagerduty?: { token: string; baseUrl: string };
  };
}

function number(
  config: Config,
  key: string,
  fallback: number,
  check: (v: number) => boolean,
  expected: string,
) {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!check(value)) {
    throw new Error(
      `Invalid config ownership.incidents.${key}: must be ${expected}, got ${value}`,
    );
  }
  return value;
}

const share = (v: number) => v >= 0 && v <= 1;

/** Reads `ownership.incidents.*` from the app config. */
export function readIncidentsConfig(root: Config): IncidentsConfig {
  const config =
    root.getOptionalConfig('ownership.incidents') ?? new ConfigReader({});
  const duration = (key: string, fallback: HumanDuration) =>
    config.has(key) ? readDurationFromConfig(config, { key }) : fallback;
  const format = config.getOptionalString('sources.file.format');
  if (format !== undefined && format !== 'csv' && format !== 'json') {
    throw new Error(
      `Invalid config ownership.incidents.sources.file.format: must be csv or json, got ${format}`,
    );
  }
  const filePath = config.getOptionalString('sources.file.path');
  const token = config.getOptionalString('sources.pagerduty.token');
  const d = DEFAULT_INCIDENT_METRICS_TARGETS;
  const o = DEFAULT_OWNERSHIP_METRICS_TARGETS;
  const positiveInteger = (v: number) => Number.isInteger(v) && v > 0;
  return {
    defaultResponseSlaMinutes: number(
      config,
      'defaultResponseSlaMinutes',
      15,
      positiveInteger,
      'a positive integer',
    ),
    targets: {
      mttrMinutes: number(
        config,
        'targets.mttrMinutes',
        d.mttrMinutes,
        v => v > 0,
        'positive',
      ),
      escalationRate: number(
        config,
        'targets.escalationRate',
        d.escalationRate,
        share,
        'between 0 and 1',
      ),
      responseSlaCompliance: number(
        config,
        'targets.responseSlaCompliance',
        d.responseSlaCompliance,
        share,
        'between 0 and 1',
      ),
    },
    ownershipTargets: {
      coverage: number(
        config,
        'targets.coverage',
        o.coverage,
        share,
        'between 0 and 1',
      ),
      handoffSuccess: number(
        config,
        'targets.handoffSuccess',
        o.handoffSuccess,
        share,
        'between 0 and 1',
      ),
      reviewFreshnessDays: number(
        config,
        'targets.reviewFreshnessDays',
        o.reviewFreshnessDays,
        positiveInteger,
        'a positive integer',
      ),
      onCallLoadFactor: number(
        config,
        'targets.onCallLoadFactor',
        o.onCallLoadFactor,
        v => v > 1,
        'greater than 1',
      ),
      orphansNamed: number(
        config,
        'targets.orphansNamed',
        o.orphansNamed,
        v => Number.isInteger(v) && v >= 0 && v <= 100,
        'an integer from 0 to 100',
      ),
    },
    pull: {
      frequency: duration('pull.frequency', { minutes: 10 }),
      timeout: duration('pull.timeout', { minutes: 15 }),
      initialDelay: duration('pull.initialDelay', { minutes: 1 }),
      lookback: duration('pull.lookback', { days: 7 }),
      initialWindow: duration('pull.initialWindow', { days: 90 }),
      reread: {
        maxIncidents: number(
          config,
          'pull.reread.maxIncidents',
          DEFAULT_INCIDENT_REREAD.maxIncidents,
          v => Number.isInteger(v) && v >= 0,
          'a whole number, 0 or more',
        ),
        maxAge: duration('pull.reread.maxAge', DEFAULT_INCIDENT_REREAD.maxAge),
      },
    },
    sources: {
      ...(filePath
        ? {
            file: {
              path: filePath,
              ...(format ? { format: format as 'csv' | 'json' } : {}),
            },
          }
        : {}),
      ...(token
        ? {
            pagerduty: {
              token,
              baseUrl:
                config.getOptionalString('sources.pagerduty.baseUrl') ??
                'https://api.pagerduty.com',
            },
          }
        : {}),
    },
  };
}
