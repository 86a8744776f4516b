import {
  Handoff,
  HandoffState,
} from '@service-ownership/plugin-ownership-common';

/**
 * Something that happened to a handoff that its parties should hear about.
 *
 * @public
 */
export interface HandoffNotificationEvent {
  type: 'started' | 'state-changed' | 'overdue';
  handoff: Handoff;
  /** User entity ref of who caused the event (not for `overdue`). */
  actor?: string;
  /** For `state-changed`: the state the handoff left. */
  previousState?: HandoffState;
  entityTitle?: string;
}

/**
 * What sending a handoff notification did.
 *
 * @public
 */
export interface HandoffNotifyResult {
  recipients: string[];
  /** Why the send failed; absent when it was sent (or there was nobody to send to). */
  error?: string;
}

/**
 * Tells a handoff's parties about an event.
 *
 * @public
 */
export interface HandoffNotifier {
  /**
   * Returns the entity refs the notification was sent to, or why it could
   * not be sent (logged already; the recipients are then empty).
   */
  notify(event: HandoffNotificationEvent): Promise<HandoffNotifyResult>;
}

/**
 * The notifier used when the notifications plugin is not installed.
 *
 * @public
 */
export class NoopHandoffNotifier implements HandoffNotifier {
  async notify(_event: HandoffNotificationEvent): Promise<HandoffNotifyResult> {
    return { recipients: [] };
  }
}
