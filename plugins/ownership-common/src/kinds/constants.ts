/**
 * The apiVersion of the suite's own kinds.
 *
 * @public
 */
export const OWNERSHIP_API_VERSION = 'ownership.dev/v1alpha1';

/**
 * Kind names of the suite.
 *
 * @public
 */
export const ESCALATION_POLICY_KIND = 'EscalationPolicy';

/** @public */
export const RACI_MATRIX_KIND = 'RaciMatrix';

/**
 * Kinds that may carry a `spec.ownership` block.
 *
 * @public
 */
export const OWNERSHIP_BLOCK_KINDS = ['Component', 'System', 'API', 'Resource'];

/** @public */
export const RELATION_HAS_PRIMARY_CONTACT = 'hasPrimaryContact';
/** @public */
export const RELATION_PRIMARY_CONTACT_OF = 'primaryContactOf';
/** @public */
export const RELATION_HAS_SECONDARY_CONTACT = 'hasSecondaryContact';
/** @public */
export const RELATION_SECONDARY_CONTACT_OF = 'secondaryContactOf';
/** @public */
export const RELATION_HAS_ESCALATION_POLICY = 'hasEscalationPolicy';
/** @public */
export const RELATION_ESCALATION_POLICY_OF = 'escalationPolicyOf';
/** @public */
export const RELATION_ESCALATES_TO = 'escalatesTo';
/** @public */
export const RELATION_ESCALATION_TARGET_OF = 'escalationTargetOf';
/** @public */
export const RELATION_RACI_APPLIES_TO = 'raciAppliesTo';
/** @public */
export const RELATION_HAS_RACI_MATRIX = 'hasRaciMatrix';
/** @public */
export const RELATION_HAS_RESPONSIBLE = 'hasResponsible';
/** @public */
export const RELATION_RESPONSIBLE_FOR = 'responsibleFor';
/** @public */
export const RELATION_HAS_ACCOUNTABLE = 'hasAccountable';
/** @public */
export const RELATION_ACCOUNTABLE_FOR = 'accountableFor';
/** @public */
export const RELATION_HAS_CONSULTED = 'hasConsulted';
/** @public */
export const RELATION_CONSULTED_ON = 'consultedOn';
/** @public */
export const RELATION_HAS_INFORMED = 'hasInformed';
/** @public */
export const RELATION_INFORMED_OF = 'informedOf';

/** @public */
export const RELATION_HAS_ESCALATION_CONTACT = 'hasEscalationContact';
/** @public */
export const RELATION_ESCALATION_CONTACT_FOR = 'escalationContactFor';
/** @public */
export const RELATION_HAS_COLLABORATOR = 'hasCollaborator';
/** @public */
export const RELATION_COLLABORATOR_ON = 'collaboratorOn';
/** @public */
export const RELATION_TRANSFERS_TO = 'transfersTo';
/** @public */
export const RELATION_TRANSFER_TARGET_OF = 'transferTargetOf';
/** @public */
export const RELATION_HAS_STAKEHOLDER = 'hasStakeholder';
/** @public */
export const RELATION_STAKEHOLDER_OF = 'stakeholderOf';

/**
 * Every relation of the suite with its reverse, in the `[forward, reverse]`
 * form that the catalog graph's `relationPairs` expects.
 *
 * @public
 */
export const OWNERSHIP_RELATION_PAIRS: ReadonlyArray<[string, string]> = [
  [RELATION_HAS_PRIMARY_CONTACT, RELATION_PRIMARY_CONTACT_OF],
  [RELATION_HAS_SECONDARY_CONTACT, RELATION_SECONDARY_CONTACT_OF],
  [RELATION_HAS_ESCALATION_POLICY, RELATION_ESCALATION_POLICY_OF],
  [RELATION_ESCALATES_TO, RELATION_ESCALATION_TARGET_OF],
  [RELATION_RACI_APPLIES_TO, RELATION_HAS_RACI_MATRIX],
  [RELATION_HAS_RESPONSIBLE, RELATION_RESPONSIBLE_FOR],
  [RELATION_HAS_ACCOUNTABLE, RELATION_ACCOUNTABLE_FOR],
  [RELATION_HAS_CONSULTED, RELATION_CONSULTED_ON],
  [RELATION_HAS_INFORMED, RELATION_INFORMED_OF],
  [RELATION_HAS_ESCALATION_CONTACT, RELATION_ESCALATION_CONTACT_FOR],
  [RELATION_HAS_COLLABORATOR, RELATION_COLLABORATOR_ON],
  [RELATION_TRANSFERS_TO, RELATION_TRANSFER_TARGET_OF],
  [RELATION_HAS_STAKEHOLDER, RELATION_STAKEHOLDER_OF],
];
