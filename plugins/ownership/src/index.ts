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
  EntityHandoffCard,
  EntityTeamHandoffsCard,
  OwnershipHandoffsPage,
  OwnershipAuditPage,
  OwnershipMetricsPage,
  EntityTeamMetricsCard,
} from './plugin';
export {
  rootRouteRef as ownershipRootRouteRef,
  handoffsRouteRef as ownershipHandoffsRouteRef,
  auditRouteRef as ownershipAuditRouteRef,
  metricsRouteRef as ownershipMetricsRouteRef,
} from './routes';
export * from './api';
export * from './catalog';
export type { EntityOwnershipCardProps } from './components/EntityOwnershipCard';
export type { EntityRaciCardProps } from './components/EntityRaciCard';
export type { EntityTeamOwnershipCardProps } from './components/EntityTeamOwnershipCard';
export type { EntityEscalationPolicyCardProps } from './components/EntityEscalationPolicyCard';
export type { OwnershipCoveragePageProps } from './components/OwnershipCoveragePage';
export type { EntityHandoffCardProps } from './components/EntityHandoffCard';
export type { EntityTeamHandoffsCardProps } from './components/EntityTeamHandoffsCard';
export type { OwnershipHandoffsPageProps } from './components/OwnershipHandoffsPage';
export type { OwnershipAuditPageProps } from './components/OwnershipAuditPage';
export type { OwnershipMetricsPageProps } from './components/OwnershipMetricsPage';
export type { EntityTeamMetricsCardProps } from './components/EntityTeamMetricsCard';
