import { PageParams } from '../api/requests';
import { HandoffAction, HandoffState } from './types';

/**
 * Bounds of the handoff requests.
 *
 * @public
 */
export const HANDOFF_REQUEST_LIMITS = {
  /** Entities one reorganisation request may hand over. */
  reorganisationEntities: { max: 200 },
  /** Characters of a reason, issues text, comment or justification. */
  text: { max: 2000 },
  /** Characters of an evidence link. */
  link: { max: 2000 },
} as const;

/**
 * `POST /entities/:kind/:namespace/:name/handoffs`: start a handoff of the
 * entity from its current owner to `toTeam`.
 *
 * @public
 */
export interface StartHandoffRequest {
  /** Group ref of the receiving team, e.g. `group:default/payments`. */
  toTeam: string;
  reason?: string;
  /** Overrides the configured shadow period, within its bounds. */
  shadowDays?: number;
  /** Overrides the configured reverse-shadow minimum, within its bounds. */
  reverseShadowDays?: number;
}

/**
 * `POST /handoffs/reorganisations`: start handoffs for several entities
 * owned by the same team to the same receiving team, all or nothing.
 *
 * @public
 */
export interface ReorganisationRequest extends StartHandoffRequest {
  entityRefs: string[];
}

/**
 * `POST /handoffs/:id/transitions`.
 *
 * @public
 */
export interface HandoffTransitionRequest {
  /** The version the caller read; a stale version gets 409. */
  version: number;
  action: HandoffAction;
  /** Required to roll back or force-close. */
  reason?: string;
  /** Required to report issues (validation → shadow period). */
  issues?: string;
}

/**
 * `PUT /handoffs/:id/checklist/:itemId`.
 *
 * @public
 */
export interface HandoffChecklistRequest {
  version: number;
  done: boolean;
  /** Evidence: a link (http or https). */
  link?: string;
  comment?: string;
  /** Required to check an item gated by evidence that is missing. */
  justification?: string;
}

/**
 * Filters of `GET /handoffs`, combined with AND.
 *
 * @public
 */
export interface HandoffFilters {
  /** Handoffs out of or into this group (ref). */
  team?: string;
  /** A state, or `open` for every open state. */
  state?: HandoffState | 'open';
  /** Only open handoffs past their current state's due date. */
  overdue?: boolean;
  entityRef?: string;
}

/**
 * `GET /handoffs` query.
 *
 * @public
 */
export interface HandoffQuery extends HandoffFilters, PageParams {}

/**
 * `GET /handoffs/metrics` query: a window of `days` back from now, or
 * `from`/`to` (ISO dates).
 *
 * @public
 */
export interface HandoffMetricsQuery {
  days?: number;
  from?: string;
  to?: string;
}
