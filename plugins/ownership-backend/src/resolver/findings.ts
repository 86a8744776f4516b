import {
  CatalogProcessingError,
  createFinding,
  describeOrphanReason,
  getOwnershipRule,
  formatCatalogProcessingErrors,
  isOrphanReasonCode,
  OrphanReason,
  OwnershipFinding,
  OwnershipRef,
  sortFindings,
} from '@service-ownership/plugin-ownership-common';

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
): OwnershipFinding {
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
    path: getOwnershipRule(reason.code).path ?? '',
    message: reason.message,
    fix: reason.fix,
  });
}

/**
 * The entity's findings. Orphan reasons come from the index when it lists
 * the entity, so that the card shows exactly what the coverage page shows,
 * and are checked live otherwise. Catalog processing errors always come
 * from the entity as read now, so that the finding and the card's alert
 * agree. The rules' own tier-1 and expiry findings, and a missing owner or
 * tier-1 policy reported as a bare ref-not-found, give way to the reasons:
 * one problem, one code.
 */
export function mergeFindings(options: {
  entityRef: string;
  /** Rule findings and refs that match no entity. */
  live: OwnershipFinding[];
  catalogErrors: CatalogProcessingError[];
  index: { indexed: boolean; reasons: OrphanReason[] };
  /** The orphan reasons checked live. */
  liveReasons: OrphanReason[];
}): OwnershipFinding[] {
  const { entityRef, live, catalogErrors, index, liveReasons } = options;
  const reasons = (index.indexed ? index.reasons : liveReasons).filter(
    r => r.code !== 'catalog-processing-error',
  );
  const covered = new Set(
    reasons.map(r => getOwnershipRule(r.code).path).filter(Boolean),
  );
  return sortFindings([
    ...live.filter(
      f =>
        !isOrphanReasonCode(f.rule) &&
        !(
          f.rule === 'ref-not-found' &&
          f.entityRef === entityRef &&
          (f.path === 'spec.owner' ||
            (covered.has(f.path) &&
              f.path === 'spec.ownership.escalationPolicy'))
        ),
    ),
    ...reasons.map(r => reasonFinding(entityRef, r)),
    ...catalogErrorFinding(entityRef, catalogErrors),
  ]);
}
