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
 * Tells a handoff's parties about an event.
 *
 * @public
 */
export interface HandoffNotifier {
  /** Returns the entity refs the notification was sent to. */
  notify(event: HandoffNotificationEvent): Promise<{ recipients: string[] }>;
}

/**
 * The notifier used when the notifications plugin is not installed.
 *
 * @public
 */
export class NoopHandoffNotifier implements HandoffNotifier {
  async notify(
    _event: HandoffNotificationEvent,
  ): Promise<{ recipients: string[] }> {
    return { recipients: [] };
  }
}
