import {
  Config,
  ConfigReader,
  readDurationFromConfig,
} from '@backstage/config';
import {
  DEFAULT_HANDOFF_CHECKLIST,
  DEFAULT_HANDOFF_SETTINGS,
  HandoffChecklistItemDefinition,
  HandoffSettings,
  normalizeOwnershipRef,
} from '@service-ownership/plugin-ownership-common';
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
  /** `ownership.handoffs`: durations, checklist and the reminder task. */
  handoffs: HandoffSettings & { reminderFrequency: HumanDuration };
  /**
   * Where the owner card reads what the entity names (`index` or `live`),
   * and how long the policy's catalog.entity.read decision for one user
   * token is reused by the index source.
   */
  resolver: {
    source: 'index' | 'live';
    permissionDecisionTtl: HumanDuration;
  };
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
  const source = config.getOptionalString('resolver.source') ?? 'index';
  if (source !== 'index' && source !== 'live') {
    throw new Error(
      `Invalid config ownership.resolver.source: must be index or live, got ${source}`,
    );
  }
  return {
    resolver: {
      source,
      permissionDecisionTtl: duration('resolver.permissionDecisionTtl', {
        seconds: 10,
      }),
    },
    refresh: {
      frequency: duration('refresh.frequency', { minutes: 1 }),
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
    handoffs: readHandoffSettings(
      config.getOptionalConfig('handoffs') ?? new ConfigReader({}),
      duration,
    ),
  };
}

function wholeDays(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(
      `Invalid config ownership.handoffs.${key}: must be a whole number of days (0 or more), got ${value}`,
    );
  }
  return value;
}

function dayBounds(
  config: Config,
  key: 'shadowDays' | 'reverseShadowDays',
): HandoffSettings['shadowDays'] {
  const fallback = DEFAULT_HANDOFF_SETTINGS[key];
  const bounds = {
    default: wholeDays(config, `${key}.default`, fallback.default),
    min: wholeDays(config, `${key}.min`, fallback.min),
    max: wholeDays(config, `${key}.max`, fallback.max),
  };
  if (bounds.min > bounds.default || bounds.default > bounds.max) {
    throw new Error(
      `Invalid config ownership.handoffs.${key}: needs min <= default <= max, got min ${bounds.min}, default ${bounds.default}, max ${bounds.max}`,
    );
  }
  return bounds;
}

const KEBAB_CASE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function extraChecklist(config: Config): HandoffChecklistItemDefinition[] {
  const items = config.getOptionalConfigArray('checklist') ?? [];
  const ids = new Set(DEFAULT_HANDOFF_CHECKLIST.map(item => item.id));
  return items.map((item, index) => {
    const where = `ownership.handoffs.checklist[${index}]`;
    const id = item.getString('id');
    if (!KEBAB_CASE.test(id) || id.length > 64) {
      throw new Error(
        `Invalid config ${where}.id: "${id}" must be kebab-case (a-z, 0-9, single dashes), at most 64 characters`,
      );
    }
    if (ids.has(id)) {
      throw new Error(
        `Invalid config ${where}.id: "${id}" is already a checklist item; ids must be unique`,
      );
    }
    ids.add(id);
    const label = item.getString('label').trim();
    if (!label) {
      throw new Error(`Invalid config ${where}.label: must not be empty`);
    }
    const description = item.getOptionalString('description')?.trim();
    return { id, label, ...(description ? { description } : {}) };
  });
}

function readHandoffSettings(
  config: Config,
  duration: (key: string, fallback: HumanDuration) => HumanDuration,
): OwnershipConfig['handoffs'] {
  const stage = DEFAULT_HANDOFF_SETTINGS.stageDays;
  return {
    shadowDays: dayBounds(config, 'shadowDays'),
    reverseShadowDays: dayBounds(config, 'reverseShadowDays'),
    stageDays: {
      initiated: wholeDays(config, 'stageDays.initiated', stage.initiated),
      'documentation-review': wholeDays(
        config,
        'stageDays.documentationReview',
        stage['documentation-review'],
      ),
      validation: wholeDays(config, 'stageDays.validation', stage.validation),
    },
    checklist: [...DEFAULT_HANDOFF_CHECKLIST, ...extraChecklist(config)],
    reminderFrequency: duration('handoffs.reminders.frequency', { hours: 1 }),
  };
}
