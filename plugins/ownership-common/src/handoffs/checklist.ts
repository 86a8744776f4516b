/**
 * Evidence the suite can check itself for a checklist item:
 *
 * - `documentation`: the entity has a TechDocs ref
 *   (`backstage.io/techdocs-ref` or `backstage.io/techdocs-entity`) or a
 *   link to its documentation (`metadata.links`)
 * - `on-call`: the receiving team (or one of its members) is a target of a
 *   level of the entity's escalation policy, or on its rota, while the
 *   handoff is in its shadow period or later
 * - `dependencies`: the entity has `dependsOn` relations
 * - `stakeholders-notified`: the suite sent the handoff notification to the
 *   stakeholders (both teams, and the RACI Accountable and Informed)
 *
 * @public
 */
export type HandoffEvidenceKind =
  | 'documentation'
  | 'on-call'
  | 'dependencies'
  | 'stakeholders-notified';

/**
 * One item of the handoff checklist, as defined (by the suite or config).
 *
 * @public
 */
export interface HandoffChecklistItemDefinition {
  /** Stable id, kebab-case, e.g. `documentation-updated`. */
  id: string;
  label: string;
  description?: string;
  /** Evidence the suite checks; an item with evidence is gated by it. */
  evidence?: HandoffEvidenceKind;
}

/**
 * The id of the checklist item the shadow period waits for.
 *
 * @public
 */
export const HANDOFF_DOCUMENTATION_ITEM = 'documentation-updated';

/**
 * The ownership model guide's nine checklist items. Config may add items
 * (`ownership.handoffs.checklist`); it cannot remove these.
 *
 * @public
 */
export const DEFAULT_HANDOFF_CHECKLIST: readonly HandoffChecklistItemDefinition[] =
  [
    {
      id: HANDOFF_DOCUMENTATION_ITEM,
      label: 'Documentation updated',
      description:
        'The service documentation (TechDocs or a docs link) is current and names the receiving team.',
      evidence: 'documentation',
    },
    {
      id: 'runbooks-reviewed',
      label: 'Runbooks reviewed',
      description: 'The receiving team has read and tried the runbooks.',
    },
    {
      id: 'architecture-walkthrough',
      label: 'Architecture walkthrough',
      description:
        'The current owner walked the receiving team through the architecture.',
    },
    {
      id: 'oncall-training-complete',
      label: 'On-call training complete',
      description:
        'The receiving team is paged for the service: a target of its escalation policy or on its rota.',
      evidence: 'on-call',
    },
    {
      id: 'access-provisioned',
      label: 'Access provisioned',
      description:
        'The receiving team has the access it needs to operate the service (deploys, dashboards, paging).',
      evidence: 'on-call',
    },
    {
      id: 'monitoring-dashboards-reviewed',
      label: 'Monitoring dashboards reviewed',
      description: 'The receiving team knows the dashboards and alerts.',
    },
    {
      id: 'incident-history-reviewed',
      label: 'Incident history reviewed',
      description: 'Past incidents and their follow-ups have been reviewed.',
    },
    {
      id: 'dependencies-documented',
      label: 'Dependencies documented',
      description:
        'What the service depends on is in the catalog (dependsOn relations).',
      evidence: 'dependencies',
    },
    {
      id: 'stakeholders-notified',
      label: 'Stakeholders notified',
      description:
        'Both teams and the RACI Accountable and Informed have been told of the handoff.',
      evidence: 'stakeholders-notified',
    },
  ];
