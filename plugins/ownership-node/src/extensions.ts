import { createExtensionPoint } from '@backstage/backend-plugin-api';
import {
  EscalationTarget,
  OnCallStatus,
} from '@service-ownership/plugin-ownership-common';
import { DateTime } from 'luxon';

/**
 * What the ownership backend asks an on-call provider about one schedule
 * target of an escalation policy.
 *
 * @public
 */
export interface OnCallProviderRequest {
  /** The schedule id as written in the policy (`targets[].id`). */
  schedule: string;
  /** The whole target, including its `rota` when the policy has one. */
  target: EscalationTarget;
  /** The escalation policy the schedule belongs to, e.g. `escalationpolicy:default/payments-tier-1`. */
  policyRef: string;
  /** The time to answer for; fixed in tests. */
  now: DateTime;
}

/**
 * Answers who is on call for a schedule, now and next.
 *
 * @remarks
 *
 * The people in the returned shifts need only an `entityRef` (a User entity
 * ref when the provider can map its users to the catalog); the ownership
 * backend resolves them against the catalog with the caller's credentials and
 * fills in `exists`, display name, e-mail and picture. Return `undefined` when
 * the provider does not know the schedule: the backend then falls back to the
 * rota written in the policy, if any.
 *
 * @public
 */
export interface OnCallProvider {
  getOnCall(request: OnCallProviderRequest): Promise<OnCallStatus | undefined>;
}

/**
 * Lets a backend module replace how the ownership backend computes the
 * current on-call, for example with a PagerDuty or Opsgenie lookup.
 *
 * @public
 */
export interface OwnershipOnCallProviderExtensionPoint {
  /** Sets the provider. Only one module may set it. */
  setOnCallProvider(provider: OnCallProvider): void;
}

/**
 * The extension point for on-call providers of the ownership backend.
 *
 * @public
 */
export const ownershipOnCallProviderExtensionPoint =
  createExtensionPoint<OwnershipOnCallProviderExtensionPoint>({
    id: 'ownership.on-call-provider',
  });
