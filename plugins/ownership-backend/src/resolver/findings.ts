import {
  CatalogProcessingError,
  createFinding,
  describeOrphanReason,
  formatCatalogProcessingErrors,
  isOrphanReasonCode,
  OrphanReason,
  OrphanReasonCode,
  OwnershipFinding,
  OwnershipRef,
  sortFindings,
} from '@service-ownership/plugin-ownership-common';

/** The field an orphan reason is about. */
const REASON_PATHS: Partial<Record<OrphanReasonCode, string>> = {
  'no-owner': 'spec.owner',
  'owner-not-found': 'spec.owner',
  'owner-no-members': 'spec.owner',
  'owner-single-member': 'spec.owner',
  'tier1-no-escalation': 'spec.ownership.escalationPolicy',
  'ownership-expired': 'spec.ownership.expires',
};

/** One finding for the entity's catalog processing errors, worded as the coverage page words it. */
export function catalogErrorFinding(
  entityRef: string,
  errors: CatalogProcessingError[],
): OwnershipFinding[] {
  if (!errors.length) {
    return [];
  }
  const reason = describeOrphanReason('catalog-processing-error', {
    catalogError: formatCatalogProcessingErrors(errors),
    verificationPeriodDays: 0,
  });
  return [reasonFinding(entityRef, reason)];
}

/** A ref written in `subject` that matches no entity. */
export function refNotFound(
  subject: string,
  r: OwnershipRef & { ref: string },
  isEntityOwner: boolean,
): OwnershipFinding {
  if (isEntityOwner) {
    return reasonFinding(
      subject,
      describeOrphanReason('owner-not-found', {
        owner: r.ref,
        verificationPeriodDays: 0,
      }),
    );
  }
  return createFinding('ref-not-found', {
    entityRef: subject,
    path: r.path,
    message: `${r.path} refers to ${r.ref}, which matches no entity in the catalog`,
    fix: `Point ${r.path} at an existing ${r.kinds.join(
      ' or ',
    )}, or add it to the organisation data.`,
  });
}

function reasonFinding(
  entityRef: string,
  reason: OrphanReason,
): OwnershipFinding {
  return createFinding(reason.code, {
    entityRef,
    path: REASON_PATHS[reason.code] ?? '',
    message: reason.message,
    fix: reason.fix,
  });
}

/**
 * The entity's findings: the live ones, and the index's orphan reasons.
 * When the index holds the entity, its reasons replace the live coverage
 * findings, so that the card lists exactly what the coverage page lists;
 * only a live catalog processing error wins over the index's (it is newer).
 */
export function mergeFindings(options: {
  entityRef: string;
  live: OwnershipFinding[];
  index: { indexed: boolean; reasons: OrphanReason[] };
}): OwnershipFinding[] {
  const { entityRef, live, index } = options;
  if (!index.indexed) {
    return sortFindings(live);
  }
  const liveCatalogError = live.some(
    f => f.rule === 'catalog-processing-error',
  );
  return sortFindings([
    ...live.filter(
      f => !isOrphanReasonCode(f.rule) || f.rule === 'catalog-processing-error',
    ),
    ...index.reasons
      .filter(r => !(liveCatalogError && r.code === 'catalog-processing-error'))
      .map(r => reasonFinding(entityRef, r)),
  ]);
}
