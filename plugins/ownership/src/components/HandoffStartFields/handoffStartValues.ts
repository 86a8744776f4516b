import {
  EntityHandoffsResponse,
  StartHandoffRequest,
} from '@service-ownership/plugin-ownership-common';

/** The configured durations and bounds, as the entity handoffs route sends them. */
export type HandoffDurations = EntityHandoffsResponse['durations'];

type DayBounds = { default: number; min: number; max: number };

/** What the start fields hold: texts as typed, the team as a ref. */
export type HandoffStartValues = {
  teamRef?: string;
  reason: string;
  shadow: string;
  reverse: string;
};

export function emptyStartValues(teamRef?: string): HandoffStartValues {
  return { teamRef, reason: '', shadow: '', reverse: '' };
}

function days(value: string): number | undefined {
  return value.trim() === '' ? undefined : Number(value);
}

// The configured bounds, when the server sent them; it checks them
// anyway and names the field when a value is outside them.
function dayProblem(value: string, bounds?: DayBounds): string | undefined {
  const n = days(value);
  const min = bounds?.min ?? 0;
  if (n === undefined) return undefined;
  if (!Number.isInteger(n) || n < min) {
    return `A whole number of days, ${min} or more`;
  }
  return bounds && n > bounds.max ? `At most ${bounds.max} days` : undefined;
}

/** What is wrong with the typed periods, per field. */
export function durationProblems(
  values: HandoffStartValues,
  durations?: HandoffDurations,
): { shadow?: string; reverse?: string } {
  return {
    shadow: dayProblem(values.shadow, durations?.shadowDays),
    reverse: dayProblem(values.reverse, durations?.reverseShadowDays),
  };
}

export function dayHint(bounds?: DayBounds): string {
  return bounds
    ? `Empty: the configured ${bounds.default} days (${bounds.min} to ${bounds.max})`
    : "Empty: the portal's configured default";
}

/**
 * The start request the values make, leaving out what is empty; undefined
 * without a team or with a period out of bounds.
 */
export function startRequest(
  values: HandoffStartValues,
  durations?: HandoffDurations,
): StartHandoffRequest | undefined {
  const problems = durationProblems(values, durations);
  if (!values.teamRef || problems.shadow || problems.reverse) {
    return undefined;
  }
  const reason = values.reason.trim();
  const shadowDays = days(values.shadow);
  const reverseShadowDays = days(values.reverse);
  return {
    toTeam: values.teamRef,
    ...(reason ? { reason } : {}),
    ...(shadowDays !== undefined ? { shadowDays } : {}),
    ...(reverseShadowDays !== undefined ? { reverseShadowDays } : {}),
  };
}
