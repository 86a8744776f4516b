export { OwnershipAuditPage } from './OwnershipAuditPage';
export type { OwnershipAuditPageProps } from './OwnershipAuditPage';
