/**
 * The ownership backend plugin of the service ownership suite.
 *
 * @packageDocumentation
 */

export { ownershipPlugin as default } from './plugin';
export type {
  OwnershipAuditEntry,
  OwnershipAuditPage,
} from './audit/AuditService';
