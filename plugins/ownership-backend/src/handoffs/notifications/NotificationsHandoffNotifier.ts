import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { handoffStateLabel } from '@service-ownership/plugin-ownership-common';
import { DateTime } from 'luxon';
import { RaciStakeholders } from '../../catalogIndex/DatabaseHandoffStakeholders';
import {
  HandoffNotificationEvent,
  HandoffNotifier,
  HandoffNotifyResult,
} from './HandoffNotifier';

/** The notifications topic of every handoff notification. */
export const HANDOFF_NOTIFICATION_TOPIC = 'ownership-handoff';

/** The entity page of a ref, as the catalog's routes spell it. */
export function entityPagePath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind,
  )}/${encodeURIComponent(name)}`;
}

function dueText(dueAt: string | undefined): string {
  if (!dueAt) {
    return '';
  }
  const due = DateTime.fromISO(dueAt, { zone: 'utc' });
  return due.isValid ? ` Due ${due.toFormat("yyyy-MM-dd HH:mm 'UTC'")}.` : '';
}

/** Title and description of a handoff notification. */
export function describeHandoffEvent(event: HandoffNotificationEvent): {
  title: string;
  description: string;
} {
  const { handoff, actor, previousState } = event;
  const entity = event.entityTitle
    ? `${event.entityTitle} (${handoff.entityRef})`
    : handoff.entityRef;
  const teams = `from ${handoff.fromTeam} to ${handoff.toTeam}`;
  const state = handoffStateLabel(handoff.state);
  const by = actor ? ` by ${actor}` : '';
  const due = dueText(handoff.stateDueAt);
  switch (event.type) {
    case 'started':
      return {
        title: `Handoff of ${entity} started`,
        description: `Ownership of ${entity} is being handed over ${teams}; started${by}. State: ${state}.${due}`,
      };
    case 'overdue':
      return {
        title: `Handoff of ${entity} is overdue`,
        description: `The handoff of ${entity} ${teams} is overdue in state ${state}.${due}`,
      };
    case 'state-changed':
    default: {
      const from = previousState
        ? `${handoffStateLabel(previousState)} → `
        : '';
      const closed =
        handoff.state === 'rolled-back' && handoff.closeReason
          ? ` Reason: ${handoff.closeReason}.`
          : '';
      const completed =
        handoff.state === 'completed'
          ? ` Update spec.owner in catalog-info.yaml to ${handoff.toTeam}.`
          : '';
      return {
        title: `Handoff of ${entity}: ${state}`,
        description: `The handoff of ${entity} ${teams} moved ${from}${state}${by}.${due}${closed}${completed}`,
      };
    }
  }
}

/**
 * Sends handoff notifications through Backstage's notifications plugin to
 * both teams and, where a RACI matrix applies to the entity, its
 * Accountable and Informed. A failed send is logged and returned, not thrown: the
 * handoff has been written already, and the suite works without the
 * notifications plugin installed (nothing is reported as sent then).
 *
 * @public
 */
export class NotificationsHandoffNotifier implements HandoffNotifier {
  constructor(
    private readonly options: {
      notifications: NotificationService;
      stakeholders: {
        getRaciStakeholders(entityRef: string): Promise<RaciStakeholders>;
      };
      logger: LoggerService;
    },
  ) {}

  /** Who hears about a handoff of the entity. */
  async recipients(event: HandoffNotificationEvent): Promise<string[]> {
    const { handoff } = event;
    const raci = await this.options.stakeholders.getRaciStakeholders(
      handoff.entityRef,
    );
    return [
      ...new Set([
        handoff.fromTeam,
        handoff.toTeam,
        ...raci.accountable,
        ...raci.informed,
      ]),
    ];
  }

  async notify(event: HandoffNotificationEvent): Promise<HandoffNotifyResult> {
    const { notifications, logger } = this.options;
    let recipients: string[];
    try {
      recipients = await this.recipients(event);
      const { title, description } = describeHandoffEvent(event);
      await notifications.send({
        recipients: { type: 'entity', entityRef: recipients },
        payload: {
          title,
          description,
          link: entityPagePath(event.handoff.entityRef),
          severity: event.type === 'overdue' ? 'high' : 'normal',
          topic: HANDOFF_NOTIFICATION_TOPIC,
          // a reminder replaces the previous one of the same state
          scope: `ownership-handoff:${event.handoff.id}:${event.type}:${event.handoff.state}`,
        },
      });
    } catch (error) {
      logger.warn(
        `Could not send the ${event.type} notification of handoff ${event.handoff.id}: ${error}`,
      );
      return { recipients: [], error: stringifyError(error) };
    }
    return { recipients };
  }
}
