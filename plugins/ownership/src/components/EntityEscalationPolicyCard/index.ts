export { EntityEscalationPolicyCard } from './EntityEscalationPolicyCard';
export type { EntityEscalationPolicyCardProps } from './EntityEscalationPolicyCard';
