/**
 * Kinds, rules, API types and permissions of the service ownership suite.
 *
 * @packageDocumentation
 */

export * from './kinds/constants';
export * from './kinds/types';
export * from './kinds/tiers';
export * from './kinds/duration';
export * from './kinds/refs';
export * from './kinds/validators';
export * from './schema/ownershipBlock';
export * from './schema/escalationPolicy';
export * from './schema/raciMatrix';
export * from './rules/rulebook';
export * from './rules/orphanReasons';
export * from './rules/orphanReasonCodes';
export * from './model/readOwnershipModel';
export * from './model/catalogErrors';
export * from './rules/rules';
export * from './api/types';
export * from './api/requests';
export * from './permissions';
export * from './handoffs/checklist';
export * from './handoffs/types';
export * from './handoffs/stateMachine';
export * from './handoffs/requests';
export * from './handoffs/patch';
export * from './incidents/types';
export * from './incidents/requests';
