import {
  Config,
  ConfigReader,
  readDurationFromConfig,
} from '@backstage/config';
import { normalizeOwnershipRef } from '@service-ownership/plugin-ownership-common';
import { HumanDuration } from '@backstage/types';

/** The ownership backend's settings, with defaults applied. */
export interface OwnershipConfig {
  refresh: {
    frequency: HumanDuration;
    timeout: HumanDuration;
    initialDelay: HumanDuration;
    pageSize: number;
  };
  verificationPeriodDays: number;
  serviceKinds: string[];
  serviceTypes?: string[];
  /** Lower-case entity refs of the groups (or users) that may verify anything. */
  admins: string[];
  rules: {
    tier1RequiresEscalationPolicy: boolean;
    warnSingleMemberTeams: boolean;
  };
  snapshotRetentionDays: number;
}

function positiveInteger(config: Config, key: string, fallback: number) {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `Invalid config ${key}: must be a positive integer, got ${value}`,
    );
  }
  return value;
}

/** Reads `ownership.*` from the app config. */
export function readOwnershipConfig(root: Config): OwnershipConfig {
  return readSection(
    root.getOptionalConfig('ownership') ?? new ConfigReader({}),
  );
}

function readSection(config: Config): OwnershipConfig {
  const duration = (key: string, fallback: HumanDuration) =>
    config.has(key) ? readDurationFromConfig(config, { key }) : fallback;
  const admins = (config.getOptionalStringArray('admins') ?? []).map(ref => {
    const normalized = normalizeOwnershipRef(ref, {
      defaultKind: 'group',
      allowedKinds: ['Group', 'User'],
    });
    if (!normalized) {
      throw new Error(
        `Invalid config ownership.admins: "${ref}" is not a group or user entity ref`,
      );
    }
    return normalized;
  });
  const serviceKinds = config.getOptionalStringArray('serviceKinds') ?? [
    'Component',
  ];
  if (!serviceKinds.length) {
    throw new Error('Invalid config ownership.serviceKinds: must not be empty');
  }
  return {
    refresh: {
      frequency: duration('refresh.frequency', { minutes: 5 }),
      timeout: duration('refresh.timeout', { minutes: 15 }),
      initialDelay: duration('refresh.initialDelay', { seconds: 15 }),
      pageSize: positiveInteger(config, 'refresh.pageSize', 500),
    },
    verificationPeriodDays: positiveInteger(
      config,
      'verification.periodDays',
      90,
    ),
    serviceKinds,
    serviceTypes: config.getOptionalStringArray('serviceTypes'),
    admins,
    rules: {
      tier1RequiresEscalationPolicy:
        config.getOptionalBoolean('rules.tier1RequiresEscalationPolicy') ??
        true,
      warnSingleMemberTeams:
        config.getOptionalBoolean('rules.warnSingleMemberTeams') ?? true,
    },
    snapshotRetentionDays: positiveInteger(
      config,
      'coverage.snapshotRetentionDays',
      400,
    ),
  };
}
