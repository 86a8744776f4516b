/**
 * Severity of a finding. In the catalog every rule finding is ingested as a
 * warning; the lint fails on errors.
 *
 * @public
 */
export type FindingSeverity = 'error' | 'warning';

/**
 * One problem found in an entity's ownership data.
 *
 * @public
 */
export interface OwnershipFinding {
  /** The entity the finding is about, e.g. `component:default/payments`. */
  entityRef: string;
  /** Field path, e.g. `spec.activities[0].accountable`. */
  path: string;
  /** Stable rule id, e.g. `raci-one-accountable`. */
  rule: string;
  severity: FindingSeverity;
  message: string;
  /** How to fix it. */
  fix: string;
}
