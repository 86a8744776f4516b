/**
 * Catalog module for the service ownership suite: validates the
 * EscalationPolicy and RaciMatrix kinds and the spec.ownership block, and
 * emits their relations.
 *
 * @packageDocumentation
 */

export { catalogModuleOwnership as default } from './module';
export { OwnershipEntitiesProcessor } from './processor/OwnershipEntitiesProcessor';
