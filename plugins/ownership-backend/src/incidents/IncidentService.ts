import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  INCIDENT_REQUEST_LIMITS,
  INCIDENT_SEVERITY_LEVELS,
  IncidentBatchItemResult,
  IncidentBatchResponse,
  IncidentInput,
  ownershipIncidentsWritePermission,
} from '@service-ownership/plugin-ownership-common';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isoTime, requestSchema } from '../lib/validation';
import { IncidentStore, StoredIncident } from './IncidentStore';

/** Clock skew allowed for `createdAt` in the future. */
const FUTURE_SLACK_MS = 5 * 60 * 1000;

const incidentSchema = requestSchema<IncidentInput>()(
  z
    .object({
      source: z
        .string()
        .min(1)
        .max(INCIDENT_REQUEST_LIMITS.source.max)
        .regex(
          /^[A-Za-z0-9._:-]+$/,
          'must be letters, digits, ".", "_", ":" or "-"',
        ),
      id: z.string().min(1).max(INCIDENT_REQUEST_LIMITS.id.max),
      entityRef: z.string().min(1).max(255),
      severity: z.enum(INCIDENT_SEVERITY_LEVELS),
      createdAt: isoTime,
      acknowledgedAt: isoTime.optional(),
      resolvedAt: isoTime.optional(),
      escalated: z.boolean().optional(),
      levelsReached: z.number().int().min(1).max(50).optional(),
      responders: z
        .array(z.string().min(1).max(255))
        .max(INCIDENT_REQUEST_LIMITS.responders.max)
        .optional(),
    })
    .strict(),
);

type Checked = Omit<StoredIncident, 'rowHash'>;

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function normalizeRef(ref: string): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultNamespace: 'default' }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/** Checks one incident; the reasons name the field. */
function check(
  item: unknown,
  now: Date,
): { incident: Checked } | { reasons: string[] } {
  const parsed = incidentSchema.safeParse(item);
  if (!parsed.success) {
    return {
      reasons: parsed.error.issues.map(
        i => `${i.path.join('.') || '(incident)'}: ${i.message}`,
      ),
    };
  }
  const v = parsed.data;
  const reasons: string[] = [];
  const entityRef = normalizeRef(v.entityRef);
  if (!entityRef) {
    reasons.push('entityRef: must be an entity ref, kind:namespace/name');
  }
  if (v.createdAt.getTime() > now.getTime() + FUTURE_SLACK_MS) {
    reasons.push('createdAt: is in the future');
  }
  if (v.acknowledgedAt && v.acknowledgedAt < v.createdAt) {
    reasons.push('acknowledgedAt: is before createdAt');
  }
  if (v.resolvedAt && v.resolvedAt < v.createdAt) {
    reasons.push('resolvedAt: is before createdAt');
  }
  if (v.acknowledgedAt && v.resolvedAt && v.acknowledgedAt > v.resolvedAt) {
    reasons.push('acknowledgedAt: is after resolvedAt');
  }
  if (v.escalated === false && (v.levelsReached ?? 1) > 1) {
    reasons.push('escalated: is false but levelsReached is over 1');
  }
  if (reasons.length || !entityRef) {
    return { reasons };
  }
  return {
    incident: {
      source: v.source,
      externalId: v.id,
      entityRef,
      severity: v.severity,
      createdAt: v.createdAt,
      acknowledgedAt: v.acknowledgedAt,
      resolvedAt: v.resolvedAt,
      escalated: v.escalated ?? (v.levelsReached ?? 1) > 1,
      levelsReached: v.levelsReached,
      responders: [...new Set(v.responders ?? [])].sort(),
    },
  };
}

function hashOf(i: Checked): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        i.entityRef,
        i.severity,
        i.createdAt.getTime(),
        i.acknowledgedAt?.getTime() ?? null,
        i.resolvedAt?.getTime() ?? null,
        i.escalated,
        i.levelsReached ?? null,
        i.responders,
      ]),
    )
    .digest('hex');
}

/**
 * Incident ingestion: checks each incident on its own, keeps the good
 * ones idempotently on (source, id) and says what became of each.
 */
export class IncidentService {
  constructor(
    private readonly options: {
      store: IncidentStore;
      permissions: Pick<PermissionsService, 'authorize'>;
      clock?: () => Date;
    },
  ) {}

  /**
   * Users need `ownership.incidents.write`; service principals (external
   * access tokens, other plugins) are asked too, so that a token whose
   * `accessRestrictions` leave the permission out gets 403.
   */
  async authorizeWrite(credentials: BackstageCredentials): Promise<void> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: ownershipIncidentsWritePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Sending incidents needs the permission ${ownershipIncidentsWritePermission.name}`,
      );
    }
  }

  /** Checks and stores a batch; `items` as received. */
  async ingest(items: unknown[]): Promise<IncidentBatchResponse> {
    const now = (this.options.clock ?? (() => new Date()))();
    const checked = items.map(item => check(item, now));

    const keyOf = (item: unknown) => {
      const o = (item ?? {}) as Record<string, unknown>;
      const source = text(o.source);
      const id = text(o.id);
      return source !== undefined && id !== undefined
        ? JSON.stringify([source, id])
        : undefined;
    };
    const occurrences = new Map<string, number>();
    for (const item of items) {
      const k = keyOf(item);
      if (k) {
        occurrences.set(k, (occurrences.get(k) ?? 0) + 1);
      }
    }
    const known = await this.options.store.knownEntities(
      checked.flatMap(c => ('incident' in c ? [c.incident.entityRef] : [])),
    );

    const results: IncidentBatchItemResult[] = items.map((item, index) => {
      const o = (item ?? {}) as Record<string, unknown>;
      return {
        index,
        source: text(o.source),
        id: text(o.id),
        outcome: 'rejected',
      };
    });
    const accepted: Array<{ index: number; incident: StoredIncident }> = [];
    checked.forEach((c, index) => {
      const reasons = 'reasons' in c ? [...c.reasons] : [];
      const times = occurrences.get(keyOf(items[index]) ?? '') ?? 0;
      if (times > 1) {
        reasons.push(`id: appears ${times} times in this batch for its source`);
      }
      if ('incident' in c && !known.has(c.incident.entityRef)) {
        reasons.push(
          `entityRef: unknown entity ${c.incident.entityRef} (not in the ownership index nor its history)`,
        );
      }
      if (reasons.length || !('incident' in c)) {
        results[index].reasons = reasons;
        return;
      }
      accepted.push({
        index,
        incident: { ...c.incident, rowHash: hashOf(c.incident) },
      });
    });

    const written = await this.options.store.upsertIncidents(
      accepted.map(a => a.incident),
      now,
    );
    written.forEach((w, i) => {
      const result = results[accepted[i].index];
      result.outcome = w.outcome;
      result.chargedTo = w.chargedTo;
    });
    const count = (outcome: IncidentBatchItemResult['outcome']) =>
      results.filter(r => r.outcome === outcome).length;
    return {
      created: count('created'),
      updated: count('updated'),
      unchanged: count('unchanged'),
      rejected: count('rejected'),
      results,
    };
  }
}
