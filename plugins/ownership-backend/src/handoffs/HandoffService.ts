import {
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  applyHandoffChecklistChange,
  applyHandoffTransition,
  buildHandoffPatch,
  createHandoff,
  EntityHandoffsResponse,
  Handoff,
  HANDOFF_ACTIONS,
  HandoffAction,
  HandoffActionAvailability,
  HandoffDetails,
  HandoffFilters,
  HandoffGuard,
  HandoffListResponse,
  HandoffMetricsResponse,
  HandoffChangeResult,
  handoffDurationProblem,
  handoffSchedule,
  handoffStateLabel,
  handoffTransitionGuards,
  isHandoffOverdue,
  isOpenHandoffState,
  normalizeOwnershipRef,
  readOwnershipModel,
  ReorganisationResponse,
  StartHandoffRequest,
} from '@service-ownership/plugin-ownership-common';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { AuditEntryInput } from '../audit/AuditStore';
import { OwnershipConfig } from '../config';
import {
  Access,
  Grant,
  GRANT_OF,
  HandoffAccessPolicy,
  Viewer,
} from './HandoffAccessPolicy';
import { HandoffDirectory } from './HandoffDirectory';
import { HandoffEvidence } from './HandoffEvidence';
import { HandoffStore, StoredHandoff } from './HandoffStore';
import { HandoffNotifier } from './notifications/HandoffNotifier';

const EDIT_URL_ANNOTATION = 'backstage.io/edit-url';
const REMINDER_INTERVAL = { days: 1 };
const REMINDER_BATCH = 200;

/** Thrown for a refused handoff write; the routes answer 409 with the handoff. */
export class HandoffConflictError extends ConflictError {
  constructor(
    message: string,
    readonly handoff: HandoffDetails,
    readonly guards: HandoffGuard[],
  ) {
    super(message);
  }
}

function lower(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

/** Options of the handoff service; plugin.ts builds them. */
export interface HandoffServiceOptions {
  catalog: Pick<CatalogService, 'getEntityByRef'>;
  store: HandoffStore;
  directory: HandoffDirectory;
  evidence: HandoffEvidence;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  notifier: HandoffNotifier;
  logger: LoggerService;
  config: Pick<OwnershipConfig, 'admins' | 'handoffs'>;
  clock?: () => Date;
}

/** The request-scoped facts of a write: who, and the client's request id. */
export interface HandoffWriteContext {
  credentials: BackstageCredentials<BackstageUserPrincipal>;
  requestId?: string;
}

/**
 * Ownership handoffs: start, move through the guide's states, check the
 * checklist, with permissions, evidence, audit and notifications.
 */
export class HandoffService {
  private readonly policy: HandoffAccessPolicy;

  constructor(private readonly options: HandoffServiceOptions) {
    this.policy = new HandoffAccessPolicy({
      ...options,
      admins: options.config.admins,
      now: () => this.now(),
    });
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }

  private get settings() {
    return this.options.config.handoffs;
  }

  private async deny(
    context: { viewer: Viewer; requestId?: string },
    what: string,
    handoff: Pick<Handoff, 'entityRef' | 'fromTeam' | 'toTeam'> & {
      id?: string;
    },
    message: string,
  ): Promise<never> {
    if (context.viewer.user) {
      await this.options.store.appendAudit(
        this.audit(
          context.viewer.user,
          context.requestId,
          'handoff-denied',
          handoff,
          {
            attempted: what,
            reason: message,
            ...(handoff.id ? { handoffId: handoff.id } : {}),
          },
        ),
      );
    }
    throw new NotAllowedError(message);
  }

  private audit(
    actor: string,
    requestId: string | undefined,
    action: string,
    handoff: Pick<Handoff, 'entityRef' | 'fromTeam' | 'toTeam'>,
    details: Record<string, unknown>,
  ): AuditEntryInput {
    return {
      occurredAt: this.now(),
      actor,
      action,
      entityRef: handoff.entityRef,
      details: JSON.parse(JSON.stringify(details)),
      correlationId: randomUUID(),
      ...(requestId ? { requestId } : {}),
      teams: [handoff.fromTeam, handoff.toTeam],
    };
  }

  // ---- reading

  private async readEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`Entity ${entityRef} not found`);
    }
    return entity;
  }

  /** The handoff and its entity, as the caller may read them. */
  private async load(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<{ handoff: StoredHandoff; entity: Entity }> {
    const handoff = await this.options.store.getHandoff(id);
    const entity = handoff
      ? await this.options.catalog.getEntityByRef(handoff.entityRef, {
          credentials,
        })
      : undefined;
    if (!handoff || !entity) {
      throw new NotFoundError(`Handoff ${id} not found`);
    }
    return { handoff, entity };
  }

  private actions(
    handoff: Handoff,
    access: Access,
  ): HandoffActionAvailability[] {
    if (!isOpenHandoffState(handoff.state)) {
      return [];
    }
    const now = this.now();
    return [...HANDOFF_ACTIONS, 'check-items' as const].map(action => {
      const grant = GRANT_OF[action];
      const permitted = this.policy.may(access, grant);
      // reasons and issues are typed in by whoever acts: not guards here
      const guards =
        action === 'check-items'
          ? []
          : handoffTransitionGuards(
              handoff,
              { action, reason: 'given', issues: 'given' },
              now,
            );
      return {
        action,
        allowed: permitted && !guards.length,
        ...(permitted
          ? {}
          : { denied: this.policy.deniedMessage(grant, handoff, access) }),
        guards,
      };
    });
  }

  private async details(
    stored: StoredHandoff,
    entity: Entity,
    access: Access,
    credentials: BackstageCredentials,
  ): Promise<HandoffDetails> {
    const { stakeholdersNotifiedAt: _notified, ...handoff } = stored;
    const details: HandoffDetails = {
      ...handoff,
      schedule: handoffSchedule(handoff, this.settings),
      overdue: isHandoffOverdue(handoff, this.now()),
      evidence: await this.options.evidence.forChecklist(
        stored,
        entity,
        credentials,
      ),
      actions: this.actions(handoff, access),
    };
    if (handoff.state === 'completed') {
      details.patch = await this.patch(handoff, entity, credentials);
    }
    return details;
  }

  private async patch(
    handoff: Handoff,
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<HandoffDetails['patch']> {
    const model = readOwnershipModel(entity);
    const policyRef = model.block?.escalationPolicy;
    const policy = policyRef
      ? await this.options.catalog.getEntityByRef(policyRef, { credentials })
      : undefined;
    const editUrl = entity.metadata.annotations?.[EDIT_URL_ANNOTATION];
    return {
      diff: buildHandoffPatch({
        entity,
        fromTeam: handoff.fromTeam,
        toTeam: handoff.toTeam,
        escalationPolicyOwner: policy
          ? readOwnershipModel(policy).owner
          : undefined,
      }),
      ...(editUrl ? { editUrl } : {}),
      applied: model.owner === handoff.toTeam,
    };
  }

  /** `GET /handoffs/:id`. */
  async getHandoff(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<HandoffDetails> {
    const { handoff, entity } = await this.load(id, credentials);
    const viewer = await this.policy.viewer(credentials);
    const access = await this.policy.access(
      handoff.entityRef,
      entity,
      viewer,
      handoff.toTeam,
    );
    return this.details(handoff, entity, access, credentials);
  }

  /** `GET /entities/:kind/:namespace/:name/handoffs`. */
  async entityHandoffs(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityHandoffsResponse> {
    const entity = await this.readEntity(entityRef, credentials);
    const ref = lower(stringifyEntityRef(entity));
    const viewer = await this.policy.viewer(credentials);
    const history = await this.options.store.entityHandoffs(ref);
    const open = history.find(h => isOpenHandoffState(h.state));
    // the patch stays on the card after a later handoff was rolled back
    const closed = history.find(h => h.state === 'completed');
    const access = await this.policy.access(ref, entity, viewer, open?.toTeam);
    const owner = readOwnershipModel(entity).owner;
    const startGrant = await this.policy.startGrant(entity, viewer, access);
    const detail = async (h: StoredHandoff | undefined) =>
      h ? this.details(h, entity, access, credentials) : undefined;
    const [current, lastCompleted] = await Promise.all([
      detail(open),
      detail(closed),
    ]);
    let startDenied: string | undefined;
    if (open) {
      startDenied = `${ref} already has an open handoff to ${open.toTeam}`;
    } else if (!startGrant) {
      startDenied = this.policy.deniedMessage(
        'start',
        { entityRef: ref, fromTeam: owner ?? '(no owner)', toTeam: '' },
        access,
      );
    }
    return {
      entityRef: ref,
      ...(current ? { current } : {}),
      ...(lastCompleted ? { lastCompleted } : {}),
      history: history.map(({ stakeholdersNotifiedAt: _n, ...h }) => h),
      canStart: !startDenied,
      ...(startDenied ? { startDenied } : {}),
      durations: {
        shadowDays: { ...this.settings.shadowDays },
        reverseShadowDays: { ...this.settings.reverseShadowDays },
      },
    };
  }

  /** `GET /handoffs`. */
  async listHandoffs(
    filters: HandoffFilters,
    page: { offset: number; limit: number },
  ): Promise<HandoffListResponse> {
    const result = await this.options.store.listHandoffs(
      filters,
      page,
      this.now(),
    );
    return { ...result, offset: page.offset, limit: page.limit };
  }

  /** `GET /handoffs/metrics`. */
  async metrics(window: {
    from: Date;
    to: Date;
  }): Promise<HandoffMetricsResponse> {
    const rows = await this.options.store.metrics(window, this.now());
    return {
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      ...rows,
    };
  }

  // ---- starting

  private toTeamRef(value: string): string {
    const ref = normalizeOwnershipRef(value, {
      defaultKind: 'group',
      allowedKinds: ['Group'],
    });
    if (!ref) {
      throw new InputError(
        `Invalid body field 'toTeam': "${value}" is not a group entity ref`,
      );
    }
    return lower(ref);
  }

  private checkDurations(request: StartHandoffRequest) {
    const problem = handoffDurationProblem(request, this.settings);
    if (problem) {
      throw new InputError(`Invalid body field: ${problem}`);
    }
  }

  /** Everything one start needs, checked; nothing written. */
  private async prepareStart(
    entityRef: string,
    request: StartHandoffRequest,
    toTeam: string,
    viewer: Viewer & { user: string },
    context: {
      requestId?: string;
      reorganisationId?: string;
      /** A reorganisation's team: every entity must be owned by it. */
      fromTeam?: string;
      now: Date;
    },
  ): Promise<{
    handoff: Handoff;
    entity: Entity;
    audit: AuditEntryInput;
    access: Access;
  }> {
    const entity = await this.readEntity(entityRef, viewer.credentials);
    const ref = lower(stringifyEntityRef(entity));
    const owner = readOwnershipModel(entity).owner;
    if (!owner) {
      throw new InputError(
        `${ref} has no valid owner (spec.owner) to hand over from`,
      );
    }
    const fromTeam = lower(owner);
    if (context.fromTeam && fromTeam !== context.fromTeam) {
      throw new InputError(
        `A reorganisation hands over entities of one team: ${ref} is owned by ${fromTeam}, not ${context.fromTeam}`,
      );
    }
    if (fromTeam === toTeam) {
      throw new InputError(
        `Invalid body field 'toTeam': ${toTeam} already owns ${ref}`,
      );
    }
    const access = await this.policy.access(ref, entity, viewer, toTeam);
    const grant = await this.policy.startGrant(entity, viewer, access, toTeam);
    if (!grant) {
      await this.deny(
        { viewer, requestId: context.requestId },
        'start',
        { entityRef: ref, fromTeam, toTeam },
        this.policy.deniedMessage(
          'start',
          { entityRef: ref, fromTeam, toTeam },
          access,
        ),
      );
    }
    const handoff = createHandoff(
      {
        id: randomUUID(),
        entityRef: ref,
        fromTeam,
        toTeam,
        actor: viewer.user,
        reason: request.reason?.trim() || undefined,
        shadowDays: request.shadowDays,
        reverseShadowDays: request.reverseShadowDays,
        reorganisationId: context.reorganisationId,
      },
      context.now,
      this.settings,
    );
    return {
      handoff,
      entity,
      access,
      audit: this.audit(
        viewer.user,
        context.requestId,
        'handoff-start',
        handoff,
        {
          handoffId: handoff.id,
          toState: handoff.state,
          via: grant,
          shadowDays: handoff.shadowDays,
          reverseShadowDays: handoff.reverseShadowDays,
          ...(handoff.reason ? { reason: handoff.reason } : {}),
          ...(handoff.reorganisationId
            ? { reorganisationId: handoff.reorganisationId }
            : {}),
        },
      ),
    };
  }

  private async readToTeam(toTeam: string, credentials: BackstageCredentials) {
    const ref = this.toTeamRef(toTeam);
    const group = await this.options.catalog.getEntityByRef(ref, {
      credentials,
    });
    if (!group) {
      throw new InputError(
        `Invalid body field 'toTeam': group ${ref} not found in the catalog`,
      );
    }
    return ref;
  }

  /** `POST /entities/:kind/:namespace/:name/handoffs`. */
  async start(
    entityRef: string,
    request: StartHandoffRequest,
    context: HandoffWriteContext,
  ): Promise<HandoffDetails> {
    this.checkDurations(request);
    const viewer = (await this.policy.viewer(context.credentials)) as Viewer & {
      user: string;
    };
    const toTeam = await this.readToTeam(request.toTeam, context.credentials);
    const now = this.now();
    const prepared = await this.prepareStart(
      entityRef,
      request,
      toTeam,
      viewer,
      {
        requestId: context.requestId,
        now,
      },
    );
    await this.options.store.insertHandoffs(
      [prepared.handoff],
      [prepared.audit],
    );
    const stored = await this.afterStart(
      prepared.handoff,
      prepared.entity,
      viewer.user,
      context.requestId,
    );
    return this.details(
      stored,
      prepared.entity,
      prepared.access,
      context.credentials,
    );
  }

  /** `POST /handoffs/reorganisations`: every handoff, or none. */
  async reorganise(
    request: StartHandoffRequest & { entityRefs: string[] },
    context: HandoffWriteContext,
  ): Promise<ReorganisationResponse> {
    this.checkDurations(request);
    const viewer = (await this.policy.viewer(context.credentials)) as Viewer & {
      user: string;
    };
    const toTeam = await this.readToTeam(request.toTeam, context.credentials);
    const refs = request.entityRefs.map((value, index) => {
      try {
        return lower(
          stringifyEntityRef(
            parseEntityRef(value, { defaultKind: 'component' }),
          ),
        );
      } catch {
        throw new InputError(
          `Invalid body field 'entityRefs.${index}': "${value}" is not an entity ref`,
        );
      }
    });
    const duplicate = refs.find((r, i) => refs.indexOf(r) !== i);
    if (duplicate) {
      throw new InputError(
        `Invalid body field 'entityRefs': ${duplicate} is listed twice`,
      );
    }
    const reorganisationId = randomUUID();
    const now = this.now();
    const prepared: Array<Awaited<ReturnType<HandoffService['prepareStart']>>> =
      [];
    for (const ref of refs) {
      prepared.push(
        await this.prepareStart(ref, request, toTeam, viewer, {
          requestId: context.requestId,
          reorganisationId,
          fromTeam: prepared[0]?.handoff.fromTeam,
          now,
        }),
      );
    }
    await this.options.store.insertHandoffs(
      prepared.map(p => p.handoff),
      prepared.map(p => p.audit),
    );
    const handoffs = [];
    for (const p of prepared) {
      const stored = await this.afterStart(
        p.handoff,
        p.entity,
        viewer.user,
        context.requestId,
      );
      handoffs.push(
        await this.details(stored, p.entity, p.access, context.credentials),
      );
    }
    return { reorganisationId, handoffs };
  }

  /**
   * Notifies the parties of a started handoff; when the notification
   * reached someone, records it as the stakeholders-notified evidence.
   * Never fails the start.
   */
  private async afterStart(
    handoff: Handoff,
    entity: Entity,
    actor: string,
    requestId: string | undefined,
  ): Promise<StoredHandoff> {
    try {
      const { recipients } = await this.options.notifier.notify({
        type: 'started',
        handoff,
        actor,
        entityTitle: entity.metadata.title,
      });
      if (recipients.length) {
        const at = this.now();
        await this.options.store.markStakeholdersNotified(
          handoff.id,
          at,
          this.audit(actor, requestId, 'handoff-notified', handoff, {
            handoffId: handoff.id,
            recipients,
          }),
        );
        return { ...handoff, stakeholdersNotifiedAt: at.toISOString() };
      }
    } catch (error) {
      this.options.logger.warn(
        `Could not notify the parties of handoff ${handoff.id} of ${handoff.entityRef}: ${error}`,
      );
    }
    return handoff;
  }

  private async notifyChange(
    handoff: Handoff,
    previous: Handoff,
    entity: Entity,
    actor: string,
  ) {
    try {
      await this.options.notifier.notify({
        type: 'state-changed',
        handoff,
        actor,
        previousState: previous.state,
        entityTitle: entity.metadata.title,
      });
    } catch (error) {
      this.options.logger.warn(
        `Could not notify the parties of handoff ${handoff.id} of ${handoff.entityRef}: ${error}`,
      );
    }
  }

  // ---- changing

  private async conflict(
    message: string,
    handoff: StoredHandoff,
    entity: Entity,
    access: Access,
    credentials: BackstageCredentials,
    guards: HandoffGuard[],
  ): Promise<never> {
    throw new HandoffConflictError(
      message,
      await this.details(handoff, entity, access, credentials),
      guards,
    );
  }

  /** The changed handoff, or a 409 naming the guards that refuse it. */
  private async unlessGuarded(
    result: HandoffChangeResult,
    read: { handoff: StoredHandoff; entity: Entity; access: Access },
    credentials: BackstageCredentials,
  ): Promise<Handoff> {
    if (!result.ok) {
      return this.conflict(
        result.guards.map(g => g.message).join('; '),
        read.handoff,
        read.entity,
        read.access,
        credentials,
        result.guards,
      );
    }
    return result.handoff;
  }

  private staleMessage(id: string, read: number, current: StoredHandoff) {
    return `Handoff ${id} changed since version ${read}: it is at version ${
      current.version
    } (${handoffStateLabel(current.state)}); reload and try again`;
  }

  /** Loads, checks permission and version: the common start of every write. */
  private async prepareWrite(
    id: string,
    version: number,
    grant: Grant,
    what: string,
    context: HandoffWriteContext,
  ) {
    const { handoff, entity } = await this.load(id, context.credentials);
    const viewer = await this.policy.viewer(context.credentials);
    const access = await this.policy.access(
      handoff.entityRef,
      entity,
      viewer,
      handoff.toTeam,
    );
    if (!this.policy.may(access, grant)) {
      await this.deny(
        { viewer, requestId: context.requestId },
        what,
        handoff,
        this.policy.deniedMessage(grant, handoff, access),
      );
    }
    if (version !== handoff.version) {
      await this.conflict(
        this.staleMessage(id, version, handoff),
        handoff,
        entity,
        access,
        context.credentials,
        [],
      );
    }
    return { handoff, entity, access, actor: viewer.user! };
  }

  private async write(
    next: Handoff,
    read: { handoff: StoredHandoff; entity: Entity; access: Access },
    audit: AuditEntryInput,
    credentials: BackstageCredentials,
  ): Promise<StoredHandoff> {
    const result = await this.options.store.updateHandoff(
      next,
      read.handoff.version,
      audit,
    );
    if (!result.updated) {
      await this.conflict(
        this.staleMessage(next.id, read.handoff.version, result.current),
        result.current,
        read.entity,
        read.access,
        credentials,
        [],
      );
    }
    return {
      ...next,
      ...(read.handoff.stakeholdersNotifiedAt
        ? { stakeholdersNotifiedAt: read.handoff.stakeholdersNotifiedAt }
        : {}),
    };
  }

  /** `POST /handoffs/:id/transitions`. */
  async transition(
    id: string,
    request: {
      version: number;
      action: HandoffAction;
      reason?: string;
      issues?: string;
    },
    context: HandoffWriteContext,
  ): Promise<HandoffDetails> {
    const read = await this.prepareWrite(
      id,
      request.version,
      GRANT_OF[request.action],
      request.action,
      context,
    );
    const { handoff, entity, access, actor } = read;
    const result = applyHandoffTransition(handoff, request, {
      now: this.now(),
      actor,
      settings: this.settings,
    });
    const next = await this.unlessGuarded(result, read, context.credentials);
    const actionName: Record<HandoffAction, string> = {
      advance: 'handoff-advance',
      'report-issues': 'handoff-report-issues',
      complete: 'handoff-complete',
      'roll-back': 'handoff-roll-back',
      'force-close': 'handoff-force-close',
    };
    const stored = await this.write(
      next,
      read,
      this.audit(
        actor,
        context.requestId,
        actionName[request.action],
        handoff,
        {
          handoffId: id,
          fromState: handoff.state,
          toState: next.state,
          version: next.version,
          ...(request.reason?.trim() ? { reason: request.reason.trim() } : {}),
          ...(request.issues?.trim() ? { issues: request.issues.trim() } : {}),
        },
      ),
      context.credentials,
    );
    await this.notifyChange(next, handoff, entity, actor);
    return this.details(stored, entity, access, context.credentials);
  }

  /** `PUT /handoffs/:id/checklist/:itemId`. */
  async changeChecklistItem(
    id: string,
    itemId: string,
    request: {
      version: number;
      done: boolean;
      link?: string;
      comment?: string;
      justification?: string;
    },
    context: HandoffWriteContext,
  ): Promise<HandoffDetails> {
    const read = await this.prepareWrite(
      id,
      request.version,
      'update',
      'check-items',
      context,
    );
    const { handoff, entity, access, actor } = read;
    const item = handoff.checklist.find(i => i.id === itemId);
    if (!item) {
      throw new NotFoundError(
        `Handoff ${id} has no checklist item "${itemId}" (items: ${handoff.checklist
          .map(i => i.id)
          .join(', ')})`,
      );
    }
    const evidence = item.evidence
      ? await this.options.evidence.of(
          item.evidence,
          handoff,
          entity,
          context.credentials,
        )
      : undefined;
    const { version: _v, ...change } = request;
    const result = applyHandoffChecklistChange(handoff, itemId, change, {
      now: this.now(),
      actor,
      evidenceSatisfied: evidence?.satisfied,
    });
    const next = await this.unlessGuarded(result, read, context.credentials);
    const checked = next.checklist.find(i => i.id === itemId)!;
    const stored = await this.write(
      next,
      read,
      this.audit(actor, context.requestId, 'handoff-checklist', handoff, {
        handoffId: id,
        item: itemId,
        done: checked.done,
        version: next.version,
        ...(checked.link ? { link: checked.link } : {}),
        ...(checked.comment ? { comment: checked.comment } : {}),
        ...(checked.justification
          ? { justification: checked.justification }
          : {}),
        ...(evidence
          ? {
              evidence: {
                satisfied: evidence.satisfied,
                detail: evidence.detail,
              },
            }
          : {}),
      }),
      context.credentials,
    );
    return this.details(stored, entity, access, context.credentials);
  }

  // ---- reminders

  /**
   * Sends `overdue` notifications for open handoffs past their due date, at
   * most once a day per handoff; returns how many were sent. Each handoff
   * is claimed before its send (so that two runs never both send) and the
   * claim is given back when the send fails, so the next run retries it
   * instead of a day later.
   */
  async remindOverdue(): Promise<number> {
    const { store, notifier, logger } = this.options;
    const now = this.now();
    const before = DateTime.fromJSDate(now).minus(REMINDER_INTERVAL).toJSDate();
    const due = await store.overdueNotReminded(now, before, REMINDER_BATCH);
    let sent = 0;
    for (const { handoff, lastRemindedAt } of due) {
      if (!(await store.claimReminder(handoff.id, now, before))) {
        continue;
      }
      const { stakeholdersNotifiedAt: _n, ...plain } = handoff;
      let error: string | undefined;
      try {
        ({ error } = await notifier.notify({
          type: 'overdue',
          handoff: plain,
        }));
      } catch (thrown) {
        error = String(thrown);
      }
      if (error === undefined) {
        sent++;
        continue;
      }
      logger.warn(
        `Could not send the overdue reminder of handoff ${handoff.id}; the next run retries it: ${error}`,
      );
      await store.releaseReminder(handoff.id, now, lastRemindedAt);
    }
    return sent;
  }
}
