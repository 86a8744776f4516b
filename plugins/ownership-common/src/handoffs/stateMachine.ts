import { DateTime, Duration } from 'luxon';
import {
  DEFAULT_HANDOFF_CHECKLIST,
  HANDOFF_DOCUMENTATION_ITEM,
  HandoffChecklistItemDefinition,
} from './checklist';
import {
  Handoff,
  HandoffAction,
  HandoffGuard,
  HandoffState,
  OPEN_HANDOFF_STATES,
  OpenHandoffState,
} from './types';

/**
 * Durations and checklist of handoffs, from config
 * (`ownership.handoffs.*`), with the guide's defaults.
 *
 * @public
 */
export interface HandoffSettings {
  /** Days of the shadow period; a handoff may override within min..max. */
  shadowDays: { default: number; min: number; max: number };
  /** Minimum days of the reverse shadow; overridable within min..max. */
  reverseShadowDays: { default: number; min: number; max: number };
  /** Days the other open states are expected to take (for due dates). */
  stageDays: {
    initiated: number;
    'documentation-review': number;
    validation: number;
  };
  /** The guide's nine items followed by config's extra items. */
  checklist: readonly HandoffChecklistItemDefinition[];
}

/**
 * The defaults: a 14-day shadow period (the guide's), 7 days of reverse
 * shadow, and the guide's checklist.
 *
 * @public
 */
export const DEFAULT_HANDOFF_SETTINGS: HandoffSettings = {
  shadowDays: { default: 14, min: 0, max: 90 },
  reverseShadowDays: { default: 7, min: 0, max: 60 },
  stageDays: { initiated: 3, 'documentation-review': 7, validation: 7 },
  checklist: DEFAULT_HANDOFF_CHECKLIST,
};

/**
 * Whether a state is open (the handoff is still running).
 *
 * @public
 */
export function isOpenHandoffState(
  state: HandoffState,
): state is OpenHandoffState {
  return (OPEN_HANDOFF_STATES as readonly string[]).includes(state);
}

/**
 * The state `advance` leads to, if any.
 *
 * @public
 */
export function nextHandoffState(
  state: HandoffState,
): OpenHandoffState | undefined {
  const index = (OPEN_HANDOFF_STATES as readonly string[]).indexOf(state);
  return index >= 0 && index < OPEN_HANDOFF_STATES.length - 1
    ? OPEN_HANDOFF_STATES[index + 1]
    : undefined;
}

/**
 * Human label of a state, e.g. "Shadow period".
 *
 * @public
 */
export function handoffStateLabel(state: HandoffState): string {
  const labels: Record<HandoffState, string> = {
    initiated: 'Initiated',
    'documentation-review': 'Documentation review',
    'shadow-period': 'Shadow period',
    'reverse-shadow': 'Reverse shadow',
    validation: 'Validation',
    completed: 'Completed',
    'rolled-back': 'Rolled back',
  };
  return labels[state];
}

function toDateTime(value: Date | DateTime): DateTime {
  return DateTime.isDateTime(value)
    ? value.toUTC()
    : DateTime.fromJSDate(value, { zone: 'utc' });
}

function iso(value: DateTime): string {
  return value.toUTC().toISO()!;
}

/**
 * "3 days 4 hours", "25 minutes": a remaining time in words.
 *
 * @public
 */
export function formatHandoffRemaining(ms: number): string {
  const duration = Duration.fromMillis(Math.max(ms, 0)).shiftTo(
    'days',
    'hours',
    'minutes',
  );
  const parts: string[] = [];
  const add = (value: number, unit: string) => {
    if (value > 0) {
      parts.push(`${value} ${unit}${value === 1 ? '' : 's'}`);
    }
  };
  add(Math.floor(duration.days), 'day');
  add(Math.floor(duration.hours), 'hour');
  if (!duration.days) {
    add(Math.ceil(duration.minutes), 'minute');
  }
  return parts.join(' ') || 'less than a minute';
}

function periodGuard(
  code: 'shadow-period-running' | 'reverse-shadow-running',
  endsAt: string | undefined,
  now: DateTime,
): HandoffGuard[] {
  if (!endsAt) {
    return [];
  }
  const until = DateTime.fromISO(endsAt, { zone: 'utc' });
  const remainingMs = until.toMillis() - now.toMillis();
  if (remainingMs <= 0) {
    return [];
  }
  const what =
    code === 'shadow-period-running'
      ? 'The shadow period'
      : 'The reverse shadow';
  return [
    {
      code,
      message: `${what} runs ${formatHandoffRemaining(
        remainingMs,
      )} more, until ${iso(until)}`,
      until: iso(until),
      remainingMs,
    },
  ];
}

function stateGuard(handoff: Handoff, action: HandoffAction): HandoffGuard {
  return {
    code: 'state',
    message: `A handoff in state "${handoffStateLabel(
      handoff.state,
    )}" cannot ${action.replace('-', ' ')}`,
  };
}

/**
 * The guards a transition does not meet now; empty when it may happen.
 * Permissions are the server's business, not this function's.
 *
 * @public
 */
export function handoffTransitionGuards(
  handoff: Handoff,
  request: { action: HandoffAction; reason?: string; issues?: string },
  now: Date | DateTime,
): HandoffGuard[] {
  const at = toDateTime(now);
  const { action } = request;
  if (!isOpenHandoffState(handoff.state)) {
    return [stateGuard(handoff, action)];
  }
  switch (action) {
    case 'advance': {
      const next = nextHandoffState(handoff.state);
      if (!next) {
        return [
          {
            code: 'state',
            message:
              'A handoff in validation is completed, or sent back to the shadow period by reporting issues',
          },
        ];
      }
      if (next === 'shadow-period') {
        const item = handoff.checklist.find(
          i => i.id === HANDOFF_DOCUMENTATION_ITEM,
        );
        return item?.done
          ? []
          : [
              {
                code: 'documentation-not-updated',
                message: `The shadow period cannot start before "${
                  item?.label ?? 'Documentation updated'
                }" is done`,
                items: [HANDOFF_DOCUMENTATION_ITEM],
              },
            ];
      }
      if (next === 'reverse-shadow') {
        return periodGuard('shadow-period-running', handoff.shadowEndsAt, at);
      }
      return periodGuard(
        'reverse-shadow-running',
        handoff.reverseShadowEndsAt,
        at,
      );
    }
    case 'report-issues':
      if (handoff.state !== 'validation') {
        return [stateGuard(handoff, action)];
      }
      return request.issues?.trim()
        ? []
        : [
            {
              code: 'issues-required',
              message: 'Say what was found: issues are required',
            },
          ];
    case 'complete': {
      if (handoff.state !== 'validation') {
        return [stateGuard(handoff, action)];
      }
      const missing = handoff.checklist.filter(item => !item.done);
      return [
        ...(missing.length
          ? [
              {
                code: 'checklist-incomplete' as const,
                message: `Checklist items not done: ${missing
                  .map(item => item.label)
                  .join(', ')}`,
                items: missing.map(item => item.id),
              },
            ]
          : []),
        ...periodGuard('shadow-period-running', handoff.shadowEndsAt, at),
      ];
    }
    case 'roll-back':
    case 'force-close':
      return request.reason?.trim()
        ? []
        : [
            {
              code: 'reason-required',
              message: `A reason is required to ${action.replace('-', ' ')}`,
            },
          ];
    default:
      return [stateGuard(handoff, action)];
  }
}

/**
 * Days a shadow or reverse-shadow period gives to move on after it ends,
 * counted from its start: a period of 0 days may be left at once (its end
 * is its start) but is overdue only a day later, like the shortest stage;
 * longer periods are due when they end.
 */
const PERIOD_GRACE_DAYS = 1;

const periodDueDays = (days: number) => Math.max(days, PERIOD_GRACE_DAYS);

function stateDueAt(
  state: OpenHandoffState,
  handoff: Pick<Handoff, 'shadowDays' | 'reverseShadowDays'>,
  from: DateTime,
  settings: HandoffSettings,
): string {
  switch (state) {
    case 'shadow-period':
      return iso(from.plus({ days: periodDueDays(handoff.shadowDays) }));
    case 'reverse-shadow':
      return iso(from.plus({ days: periodDueDays(handoff.reverseShadowDays) }));
    default:
      return iso(from.plus({ days: settings.stageDays[state] }));
  }
}

/**
 * A new handoff in state `initiated`, version 1, with the checklist of the
 * settings, none of it done. Durations are taken as given: check them with
 * {@link handoffDurationProblem} first.
 *
 * @public
 */
export function createHandoff(
  input: {
    id: string;
    entityRef: string;
    fromTeam: string;
    toTeam: string;
    actor: string;
    reason?: string;
    shadowDays?: number;
    reverseShadowDays?: number;
    reorganisationId?: string;
  },
  now: Date | DateTime,
  settings: HandoffSettings = DEFAULT_HANDOFF_SETTINGS,
): Handoff {
  const at = toDateTime(now);
  return {
    id: input.id,
    entityRef: input.entityRef,
    fromTeam: input.fromTeam,
    toTeam: input.toTeam,
    state: 'initiated',
    version: 1,
    ...(input.reorganisationId
      ? { reorganisationId: input.reorganisationId }
      : {}),
    ...(input.reason ? { reason: input.reason } : {}),
    initiatedBy: input.actor,
    initiatedAt: iso(at),
    stateChangedAt: iso(at),
    stateDueAt: stateDueAt(
      'initiated',
      { shadowDays: 0, reverseShadowDays: 0 },
      at,
      settings,
    ),
    shadowDays: input.shadowDays ?? settings.shadowDays.default,
    reverseShadowDays:
      input.reverseShadowDays ?? settings.reverseShadowDays.default,
    checklist: settings.checklist.map(item => ({ ...item, done: false })),
    issues: [],
  };
}

/**
 * Why per-handoff durations are refused (naming the field and the bounds),
 * or undefined when they are within the configured bounds.
 *
 * @public
 */
export function handoffDurationProblem(
  durations: { shadowDays?: number; reverseShadowDays?: number },
  settings: HandoffSettings = DEFAULT_HANDOFF_SETTINGS,
): string | undefined {
  for (const field of ['shadowDays', 'reverseShadowDays'] as const) {
    const value = durations[field];
    const { min, max } = settings[field];
    if (
      value !== undefined &&
      (!Number.isInteger(value) || value < min || value > max)
    ) {
      return `${field} must be a whole number of days from ${min} to ${max}, got ${value}`;
    }
  }
  return undefined;
}

/**
 * The outcome of applying a change: the new handoff (version + 1), or the
 * guards that refuse it.
 *
 * @public
 */
export type HandoffChangeResult =
  | { ok: true; handoff: Handoff }
  | { ok: false; guards: HandoffGuard[] };

/**
 * Applies a transition if its guards are met.
 *
 * @public
 */
export function applyHandoffTransition(
  handoff: Handoff,
  request: { action: HandoffAction; reason?: string; issues?: string },
  context: { now: Date | DateTime; actor: string; settings?: HandoffSettings },
): HandoffChangeResult {
  const guards = handoffTransitionGuards(handoff, request, context.now);
  if (guards.length) {
    return { ok: false, guards };
  }
  const at = toDateTime(context.now);
  const settings = context.settings ?? DEFAULT_HANDOFF_SETTINGS;
  const base = {
    ...handoff,
    version: handoff.version + 1,
    stateChangedAt: iso(at),
  };
  const enter = (state: OpenHandoffState, changes: Partial<Handoff>) => {
    const next = { ...base, ...changes, state };
    return {
      ok: true as const,
      handoff: { ...next, stateDueAt: stateDueAt(state, next, at, settings) },
    };
  };
  const close = (
    state: 'completed' | 'rolled-back',
    changes: Partial<Handoff>,
  ) => {
    const { stateDueAt: _due, ...rest } = base;
    return {
      ok: true as const,
      handoff: {
        ...rest,
        ...changes,
        state,
        closedAt: iso(at),
        closedBy: context.actor,
      },
    };
  };
  const startShadow = () => ({
    shadowStartedAt: iso(at),
    shadowEndsAt: iso(at.plus({ days: handoff.shadowDays })),
  });
  switch (request.action) {
    case 'advance': {
      const next = nextHandoffState(handoff.state)!;
      if (next === 'shadow-period') {
        return enter(next, startShadow());
      }
      if (next === 'reverse-shadow') {
        return enter(next, {
          reverseShadowStartedAt: iso(at),
          reverseShadowEndsAt: iso(
            at.plus({ days: handoff.reverseShadowDays }),
          ),
        });
      }
      return enter(next, {});
    }
    case 'report-issues':
      return enter('shadow-period', {
        ...startShadow(),
        reverseShadowStartedAt: undefined,
        reverseShadowEndsAt: undefined,
        issues: [
          ...handoff.issues,
          {
            at: iso(at),
            by: context.actor,
            description: request.issues!.trim(),
          },
        ],
      });
    case 'complete':
      return close('completed', { completedAt: iso(at) });
    case 'roll-back':
      return close('rolled-back', { closeReason: request.reason!.trim() });
    case 'force-close':
    default:
      return close('rolled-back', {
        closeReason: request.reason!.trim(),
        forced: true,
      });
  }
}

/**
 * A change of one checklist item.
 *
 * @public
 */
export interface HandoffChecklistChange {
  done: boolean;
  link?: string;
  comment?: string;
  justification?: string;
}

/**
 * Applies a checklist change if the handoff is open and, for an item gated
 * by evidence, the evidence is there or a justification is given.
 *
 * @public
 */
export function applyHandoffChecklistChange(
  handoff: Handoff,
  itemId: string,
  change: HandoffChecklistChange,
  context: {
    now: Date | DateTime;
    actor: string;
    /** Whether the item's evidence is there; ignored for ungated items. */
    evidenceSatisfied?: boolean;
  },
): HandoffChangeResult {
  if (!isOpenHandoffState(handoff.state)) {
    return {
      ok: false,
      guards: [
        {
          code: 'state',
          message: `The checklist of a handoff in state "${handoffStateLabel(
            handoff.state,
          )}" cannot change`,
        },
      ],
    };
  }
  const index = handoff.checklist.findIndex(item => item.id === itemId);
  if (index < 0) {
    throw new RangeError(`No checklist item "${itemId}"`);
  }
  const item = handoff.checklist[index];
  const justification = change.justification?.trim() || undefined;
  if (
    change.done &&
    item.evidence &&
    !context.evidenceSatisfied &&
    !justification
  ) {
    return {
      ok: false,
      guards: [
        {
          code: 'evidence-missing',
          message: `"${item.label}" has no evidence yet: check it with a written justification, or provide the evidence first`,
          items: [item.id],
        },
      ],
    };
  }
  const at = toDateTime(context.now);
  const checklist = [...handoff.checklist];
  checklist[index] = {
    id: item.id,
    label: item.label,
    ...(item.description ? { description: item.description } : {}),
    ...(item.evidence ? { evidence: item.evidence } : {}),
    done: change.done,
    doneBy: context.actor,
    doneAt: iso(at),
    ...(change.link ? { link: change.link } : {}),
    ...(change.comment?.trim() ? { comment: change.comment.trim() } : {}),
    ...(change.done && justification ? { justification } : {}),
  };
  return {
    ok: true,
    handoff: { ...handoff, checklist, version: handoff.version + 1 },
  };
}

/**
 * Whether an open handoff is past its current state's due date.
 *
 * @public
 */
export function isHandoffOverdue(
  handoff: Pick<Handoff, 'state' | 'stateDueAt'>,
  now: Date | DateTime,
): boolean {
  return (
    isOpenHandoffState(handoff.state) &&
    !!handoff.stateDueAt &&
    DateTime.fromISO(handoff.stateDueAt).toMillis() < toDateTime(now).toMillis()
  );
}

/**
 * The expected due date of each open state from the current one on: the
 * current state's due date, then each later state's expected duration.
 *
 * @public
 */
export function handoffSchedule(
  handoff: Handoff,
  settings: HandoffSettings = DEFAULT_HANDOFF_SETTINGS,
): Array<{ state: OpenHandoffState; dueAt?: string }> {
  if (!isOpenHandoffState(handoff.state)) {
    return [];
  }
  const start = OPEN_HANDOFF_STATES.indexOf(handoff.state);
  let cursor = handoff.stateDueAt
    ? DateTime.fromISO(handoff.stateDueAt, { zone: 'utc' })
    : undefined;
  return OPEN_HANDOFF_STATES.slice(start).map((state, offset) => {
    if (offset > 0 && cursor) {
      const days: Record<OpenHandoffState, number> = {
        ...settings.stageDays,
        'shadow-period': periodDueDays(handoff.shadowDays),
        'reverse-shadow': periodDueDays(handoff.reverseShadowDays),
      };
      cursor = cursor.plus({ days: days[state] });
    }
    return { state, ...(cursor ? { dueAt: iso(cursor) } : {}) };
  });
}
