import { ResponseError } from '@backstage/errors';
import {
  applyHandoffChecklistChange,
  applyHandoffTransition,
  AuditIntegrityResponse,
  createHandoff,
  EntityHandoffsResponse,
  Handoff,
  HandoffAction,
  HandoffActionAvailability,
  HandoffChecklistRequest,
  HandoffDetails,
  HandoffEvidenceKind,
  HandoffEvidenceStatus,
  HandoffGuard,
  HandoffListItem,
  HandoffListResponse,
  HandoffMetricsResponse,
  HandoffPatch,
  HandoffQuery,
  HandoffTeamSummary,
  HandoffTransitionRequest,
  handoffSchedule,
  handoffTransitionGuards,
  isHandoffOverdue,
  isOpenHandoffState,
  StartHandoffRequest,
} from '@service-ownership/plugin-ownership-common';
import {
  HandoffConflictError,
  OwnershipAuditEntry,
  OwnershipAuditFilters,
  OwnershipAuditPage,
  OwnershipAuditQuery,
} from '../api';

/** A ResponseError as the backend's error handler sends it. */
export async function responseError(
  statusCode: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        request: { method: 'GET', url: '/' },
        response: { statusCode },
      }),
      {
        status: statusCode,
        statusText: String(statusCode),
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

const VIEWER_ACTIONS: Array<HandoffAction | 'check-items'> = [
  'check-items',
  'advance',
  'report-issues',
  'complete',
  'roll-back',
];

/** Options of {@link FakeHandoffs}. */
export type FakeHandoffsOptions = {
  handoffs?: Handoff[];
  /** Evidence by kind; missing kinds are unsatisfied. */
  evidence?: Partial<Record<HandoffEvidenceKind, HandoffEvidenceStatus>>;
  /** Actions the viewer lacks the permission for, with the message. */
  denied?: Partial<Record<HandoffAction | 'check-items', string>>;
  /** Why the viewer may not start a handoff, if not. */
  startDenied?: string;
  /** The owner team of entities (for starting handoffs). */
  owners?: Record<string, string>;
  patches?: Record<string, HandoffPatch>;
  metrics?: HandoffMetricsResponse;
  audit?: OwnershipAuditEntry[];
  integrity?: AuditIntegrityResponse;
  /** The viewer may not read the audit trail: 403. */
  auditDenied?: boolean;
  now?: () => Date;
};

/**
 * The handoff and audit part of the fake ownership API: handoffs change
 * through the contract's state machine from ownership-common, so guards,
 * versions and 409s behave as the backend's.
 */
export class FakeHandoffs {
  handoffs: Handoff[];
  options: FakeHandoffsOptions;
  private nextId: number;

  constructor(options: FakeHandoffsOptions = {}) {
    this.options = options;
    this.handoffs = [...(options.handoffs ?? [])];
    this.nextId = this.handoffs.length + 1;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private evidenceOf(kind: HandoffEvidenceKind): HandoffEvidenceStatus {
    return (
      this.options.evidence?.[kind] ?? {
        kind,
        satisfied: false,
        detail: `No ${kind} evidence found`,
      }
    );
  }

  details(handoff: Handoff): HandoffDetails {
    const now = this.now();
    const evidence: Record<string, HandoffEvidenceStatus> = {};
    for (const item of handoff.checklist) {
      if (item.evidence) evidence[item.id] = this.evidenceOf(item.evidence);
    }
    const open = isOpenHandoffState(handoff.state);
    const actions: HandoffActionAvailability[] = open
      ? VIEWER_ACTIONS.map(action => {
          const denied = this.options.denied?.[action];
          // Reasons and issues are asked for by the dialogs.
          const guards =
            action === 'check-items'
              ? []
              : handoffTransitionGuards(
                  handoff,
                  { action, reason: 'r', issues: 'i' },
                  now,
                );
          return {
            action,
            allowed: !denied && guards.length === 0,
            ...(denied ? { denied } : {}),
            guards,
          };
        })
      : [];
    const patch = this.options.patches?.[handoff.id];
    return {
      ...handoff,
      schedule: handoffSchedule(handoff),
      overdue: isHandoffOverdue(handoff, now),
      evidence,
      actions,
      ...(patch && handoff.state === 'completed' ? { patch } : {}),
    };
  }

  private find(id: string): Handoff {
    const found = this.handoffs.find(h => h.id === id);
    if (!found) throw new Error(`No handoff ${id}`);
    return found;
  }

  private replace(next: Handoff): HandoffDetails {
    this.handoffs = this.handoffs.map(h => (h.id === next.id ? next : h));
    return this.details(next);
  }

  private conflict(handoff: Handoff, message: string, guards: HandoffGuard[]) {
    return new HandoffConflictError({
      message,
      handoff: this.details(handoff),
      guards,
    });
  }

  private checkVersion(handoff: Handoff, version: number) {
    if (handoff.version !== version) {
      throw this.conflict(
        handoff,
        `The handoff has changed: version ${handoff.version}, not ${version}`,
        [],
      );
    }
  }

  entityHandoffs(entityRef: string): EntityHandoffsResponse {
    const history = this.handoffs
      .filter(h => h.entityRef === entityRef)
      .sort((a, b) => b.initiatedAt.localeCompare(a.initiatedAt));
    const current = history.find(h => isOpenHandoffState(h.state));
    const lastCompleted = history.find(h => h.state === 'completed');
    const startDenied =
      this.options.startDenied ??
      (current ? 'A handoff of this entity is already open' : undefined);
    return {
      entityRef,
      ...(current ? { current: this.details(current) } : {}),
      ...(lastCompleted ? { lastCompleted: this.details(lastCompleted) } : {}),
      history,
      canStart: !startDenied,
      ...(startDenied ? { startDenied } : {}),
      durations: {
        shadowDays: { default: 14, min: 0, max: 90 },
        reverseShadowDays: { default: 7, min: 0, max: 60 },
      },
    };
  }

  start(entityRef: string, request: StartHandoffRequest): HandoffDetails {
    const open = this.handoffs.find(
      h => h.entityRef === entityRef && isOpenHandoffState(h.state),
    );
    if (open) {
      throw this.conflict(open, 'A handoff of this entity is open', []);
    }
    const handoff = createHandoff(
      {
        id: `handoff-${this.nextId++}`,
        entityRef,
        fromTeam: this.options.owners?.[entityRef] ?? 'group:default/unknown',
        toTeam: request.toTeam,
        actor: 'user:default/guest',
        reason: request.reason,
        shadowDays: request.shadowDays,
        reverseShadowDays: request.reverseShadowDays,
      },
      this.now(),
    );
    this.handoffs.push(handoff);
    return this.details(handoff);
  }

  transition(id: string, request: HandoffTransitionRequest): HandoffDetails {
    const handoff = this.find(id);
    this.checkVersion(handoff, request.version);
    const result = applyHandoffTransition(handoff, request, {
      now: this.now(),
      actor: 'user:default/guest',
    });
    if (!result.ok) {
      throw this.conflict(
        handoff,
        result.guards.map(g => g.message).join('; '),
        result.guards,
      );
    }
    return this.replace(result.handoff);
  }

  checklist(
    id: string,
    itemId: string,
    request: HandoffChecklistRequest,
  ): HandoffDetails {
    const handoff = this.find(id);
    this.checkVersion(handoff, request.version);
    const item = handoff.checklist.find(i => i.id === itemId);
    const result = applyHandoffChecklistChange(handoff, itemId, request, {
      now: this.now(),
      actor: 'user:default/guest',
      evidenceSatisfied: item?.evidence
        ? this.evidenceOf(item.evidence).satisfied
        : undefined,
    });
    if (!result.ok) {
      throw this.conflict(
        handoff,
        result.guards.map(g => g.message).join('; '),
        result.guards,
      );
    }
    return this.replace(result.handoff);
  }

  private listItem(handoff: Handoff): HandoffListItem {
    return {
      id: handoff.id,
      entityRef: handoff.entityRef,
      fromTeam: handoff.fromTeam,
      toTeam: handoff.toTeam,
      state: handoff.state,
      version: handoff.version,
      initiatedAt: handoff.initiatedAt,
      stateChangedAt: handoff.stateChangedAt,
      stateDueAt: handoff.stateDueAt,
      overdue: isHandoffOverdue(handoff, this.now()),
      closedAt: handoff.closedAt,
      checklistDone: handoff.checklist.filter(i => i.done).length,
      checklistTotal: handoff.checklist.length,
    };
  }

  list(query: HandoffQuery = {}): HandoffListResponse {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    const base = this.handoffs
      .map(h => this.listItem(h))
      .filter(
        h =>
          (!query.team ||
            h.fromTeam === query.team ||
            h.toTeam === query.team) &&
          (!query.overdue || h.overdue) &&
          (!query.entityRef || h.entityRef === query.entityRef),
      );
    const items = base
      .filter(
        h =>
          !query.state ||
          (query.state === 'open'
            ? isOpenHandoffState(h.state)
            : h.state === query.state),
      )
      .sort((a, b) => b.initiatedAt.localeCompare(a.initiatedAt));
    const teams = new Map<string, HandoffTeamSummary>();
    const summary = (team: string) => {
      if (!teams.has(team)) {
        teams.set(team, {
          team,
          openOutgoing: 0,
          openIncoming: 0,
          overdue: 0,
          completed: 0,
          rolledBack: 0,
        });
      }
      return teams.get(team)!;
    };
    for (const h of base) {
      const from = summary(h.fromTeam);
      const to = summary(h.toTeam);
      if (isOpenHandoffState(h.state)) {
        from.openOutgoing++;
        to.openIncoming++;
        if (h.overdue) from.overdue++;
      } else if (h.state === 'completed') {
        from.completed++;
      } else {
        from.rolledBack++;
      }
    }
    return {
      items: items.slice(offset, offset + limit),
      totalCount: items.length,
      offset,
      limit,
      teams: [...teams.values()].sort((a, b) => a.team.localeCompare(b.team)),
    };
  }

  metrics(): HandoffMetricsResponse {
    return (
      this.options.metrics ?? {
        from: '2025-01-01T00:00:00.000Z',
        to: '2025-04-01T00:00:00.000Z',
        overall: { completed: 0, rolledBack: 0, open: 0, overdue: 0 },
        teams: [],
      }
    );
  }

  private async requireAudit() {
    if (this.options.auditDenied) {
      throw await responseError(
        403,
        'NotAllowedError',
        'Not allowed to read the ownership audit trail',
      );
    }
  }

  private auditMatches(
    entry: OwnershipAuditEntry,
    filters: OwnershipAuditFilters,
  ): boolean {
    return (
      (!filters.entityRef || entry.entityRef === filters.entityRef) &&
      (!filters.team || (entry.teams ?? []).includes(filters.team)) &&
      (!filters.actor || entry.actor === filters.actor) &&
      (!filters.action || entry.action === filters.action) &&
      (!filters.from || entry.occurredAt >= filters.from) &&
      (!filters.to || entry.occurredAt <= filters.to)
    );
  }

  async audit(query: OwnershipAuditQuery = {}): Promise<OwnershipAuditPage> {
    await this.requireAudit();
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    const matching = (this.options.audit ?? []).filter(e =>
      this.auditMatches(e, query),
    );
    return {
      items: matching.slice(offset, offset + limit),
      totalCount: matching.length,
      offset,
      limit,
    };
  }

  async auditCsv(filters: OwnershipAuditFilters = {}): Promise<Blob> {
    await this.requireAudit();
    const rows = (this.options.audit ?? [])
      .filter(e => this.auditMatches(e, filters))
      .map(e => `${e.id},${e.action}`);
    return new Blob([['id,action', ...rows].join('\n')], { type: 'text/csv' });
  }

  async integrity(): Promise<AuditIntegrityResponse> {
    await this.requireAudit();
    return (
      this.options.integrity ?? {
        intact: true,
        checked: (this.options.audit ?? []).length,
        checkedAt: this.now().toISOString(),
      }
    );
  }
}
