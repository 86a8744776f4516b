/**
 * Frontend of the service ownership suite: owner cards, RACI matrices, team
 * ownership and the coverage page.
 *
 * @packageDocumentation
 */

export {
  ownershipPlugin,
  EntityOwnershipCard,
  EntityRaciCard,
  EntityRaciMatrixContent,
  RaciMatrixPage,
  EntityEscalationPolicyCard,
  EntityTeamOwnershipCard,
  OwnershipCoveragePage,
} from './plugin';
export { rootRouteRef as ownershipRootRouteRef } from './routes';
export * from './api';
export * from './catalog';
export type { EntityOwnershipCardProps } from './components/EntityOwnershipCard';
export type { EntityRaciCardProps } from './components/EntityRaciCard';
export type { EntityTeamOwnershipCardProps } from './components/EntityTeamOwnershipCard';
export type { EntityEscalationPolicyCardProps } from './components/EntityEscalationPolicyCard';
export type { OwnershipCoveragePageProps } from './components/OwnershipCoveragePage';
