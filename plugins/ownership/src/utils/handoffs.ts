import { ResponseError } from '@backstage/errors';
import {
  HandoffAction,
  HandoffGuard,
  handoffStateLabel,
  HandoffState,
  nextHandoffState,
} from '@service-ownership/plugin-ownership-common';
import { formatDateTime } from './format';

/**
 * A guard's message for people: the end of a running period in the viewer's
 * time zone rather than as the server's UTC timestamp.
 */
export function guardText(guard: HandoffGuard): string {
  if (!guard.until) {
    return guard.message;
  }
  return guard.message.split(guard.until).join(formatDateTime(guard.until));
}

/** The label of an action's button in a state. */
export function actionLabel(
  action: HandoffAction,
  state: HandoffState,
): string {
  switch (action) {
    case 'advance': {
      const next = nextHandoffState(state);
      return next
        ? `Move to ${handoffStateLabel(next).toLocaleLowerCase('en-US')}`
        : 'Advance';
    }
    case 'report-issues':
      return 'Report issues';
    case 'complete':
      return 'Complete handoff';
    case 'roll-back':
      return 'Roll back';
    case 'force-close':
    default:
      return 'Force close';
  }
}

/** A failed write's message: the backend's own words where it sent some. */
export function describeWriteError(error: Error): string {
  if (error instanceof ResponseError) {
    if (error.statusCode === 403) {
      return `You are not allowed to do this: ${error.cause.message}`;
    }
    return error.cause?.message || error.message;
  }
  return error.message;
}
