import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { ownershipAuditReadPermission } from '@service-ownership/plugin-ownership-common';
import { Request } from 'express';
import { AuditEntry, AuditFilter, AuditStore } from './AuditStore';

/**
 * One entry of the ownership audit trail, as served by `GET /audit`.
 *
 * @public
 */
export interface OwnershipAuditEntry {
  id: string;
  /** ISO timestamp. */
  occurredAt: string;
  actor: string;
  action: string;
  entityRef?: string;
  details: JsonObject;
  correlationId: string;
}

/**
 * A page of the audit trail, newest first.
 *
 * @public
 */
export interface OwnershipAuditPage {
  items: OwnershipAuditEntry[];
  totalCount: number;
  offset: number;
  limit: number;
}

function toResponse(entry: AuditEntry): OwnershipAuditEntry {
  return { ...entry, occurredAt: entry.occurredAt.toISOString() };
}

/** Reads the audit trail, for those allowed to. */
export class AuditService {
  constructor(
    private readonly options: {
      store: AuditStore;
      permissions: PermissionsService;
      auditor: AuditorService;
    },
  ) {}

  private async authorize(credentials: BackstageCredentials) {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: ownershipAuditReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'Not allowed to read the ownership audit trail',
      );
    }
  }

  async list(
    filter: AuditFilter,
    page: { offset: number; limit: number },
    credentials: BackstageCredentials,
  ): Promise<OwnershipAuditPage> {
    await this.authorize(credentials);
    const { items, totalCount } = await this.options.store.listAudit(
      filter,
      page,
    );
    return { items: items.map(toResponse), totalCount, ...page };
  }

  /**
   * All matching entries, for the CSV export; authorised and audited before
   * the first batch is read.
   */
  async export(
    filter: AuditFilter,
    credentials: BackstageCredentials,
    request: Request,
  ): Promise<AsyncIterable<OwnershipAuditEntry[]>> {
    const auditorEvent = await this.options.auditor.createEvent({
      eventId: 'audit-export',
      severityLevel: 'medium',
      request,
      meta: { filter: JSON.parse(JSON.stringify(filter)) },
    });
    try {
      await this.authorize(credentials);
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
    await auditorEvent.success();
    const store = this.options.store;
    return (async function* entries() {
      for await (const batch of store.streamAudit(filter)) {
        yield batch.map(toResponse);
      }
    })();
  }
}
