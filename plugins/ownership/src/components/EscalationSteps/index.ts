export { EscalationSteps } from './EscalationSteps';
export type { EscalationStepsProps } from './EscalationSteps';
