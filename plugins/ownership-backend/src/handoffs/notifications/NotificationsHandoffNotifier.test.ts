import { mockServices } from '@backstage/backend-test-utils';
import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { Handoff } from '@service-ownership/plugin-ownership-common';
import { DatabaseHandoffStakeholders } from '../../catalogIndex/DatabaseHandoffStakeholders';
import { createTestDatabases } from '../../__testUtils__/databases';
import { exampleEntities } from '../../__testUtils__/entities';
import { indexedDatabase } from '../../__testUtils__/indexedDatabase';
import { NoopHandoffNotifier } from './HandoffNotifier';
import {
  entityPagePath,
  NotificationsHandoffNotifier,
} from './NotificationsHandoffNotifier';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const handoff: Handoff = {
  id: 'h-1',
  entityRef: 'component:default/payments-api',
  fromTeam: 'group:default/payments',
  toTeam: 'group:default/identity',
  state: 'shadow-period',
  version: 3,
  initiatedBy: 'user:default/ann',
  initiatedAt: '2026-03-01T10:00:00.000Z',
  stateChangedAt: '2026-03-02T10:00:00.000Z',
  stateDueAt: '2026-03-16T10:00:00.000Z',
  shadowDays: 14,
  reverseShadowDays: 7,
  checklist: [],
  issues: [],
};

function notificationsMock() {
  const sent: NotificationSendOptions[] = [];
  const service: NotificationService = {
    send: jest.fn(async (options: NotificationSendOptions) => {
      sent.push(options);
    }),
  };
  return { service, sent };
}

describe('NoopHandoffNotifier', () => {
  it('sends nothing and says so', async () => {
    await expect(
      new NoopHandoffNotifier().notify({ type: 'started', handoff }),
    ).resolves.toEqual({ recipients: [] });
  });
});

describe('entityPagePath', () => {
  it('links to the catalog entity page', () => {
    expect(entityPagePath('component:default/payments-api')).toBe(
      '/catalog/default/component/payments-api',
    );
  });
});

describe.each(databases.eachSupportedId())(
  'NotificationsHandoffNotifier on %p',
  id => {
    async function setup() {
      const { database, feed } = await indexedDatabase(databases, id);
      await feed(exampleEntities(), new Date('2026-03-01T00:00:00Z'));
      const { service, sent } = notificationsMock();
      const logger = mockServices.logger.mock();
      const notifier = new NotificationsHandoffNotifier({
        notifications: service,
        stakeholders: await DatabaseHandoffStakeholders.create({ database }),
        logger,
      });
      return { notifier, sent, service, logger };
    }

    it('notifies both teams and the RACI Accountable and Informed of a state change', async () => {
      const { notifier, sent } = await setup();
      const result = await notifier.notify({
        type: 'state-changed',
        handoff,
        previousState: 'documentation-review',
        actor: 'user:default/ann',
        entityTitle: 'Payments API',
      });
      // payments-raci applies to payments-api: Accountable platform,
      // payments and sre; Informed dan (Responsible and Consulted are not told)
      expect(result.recipients.sort()).toEqual([
        'group:default/identity',
        'group:default/payments',
        'group:default/platform',
        'group:default/sre',
        'user:default/dan',
      ]);
      expect(sent).toHaveLength(1);
      expect(sent[0].recipients).toEqual({
        type: 'entity',
        entityRef: result.recipients,
      });
      expect(sent[0].payload).toMatchObject({
        title:
          'Handoff of Payments API (component:default/payments-api): Shadow period',
        link: '/catalog/default/component/payments-api',
        severity: 'normal',
        topic: 'ownership-handoff',
      });
      expect(sent[0].payload.description).toBe(
        'The handoff of Payments API (component:default/payments-api) from group:default/payments to group:default/identity moved Documentation review → Shadow period by user:default/ann. Due 2026-03-16 10:00 UTC.',
      );
    });

    it('sends only to the teams when no matrix applies, and overdue reminders as high', async () => {
      const { notifier, sent } = await setup();
      const result = await notifier.notify({
        type: 'overdue',
        handoff: {
          ...handoff,
          entityRef: 'component:default/identity-web',
          fromTeam: 'group:default/identity',
          toTeam: 'group:default/sre',
        },
      });
      expect(result.recipients).toEqual([
        'group:default/identity',
        'group:default/sre',
      ]);
      expect(sent[0].payload).toMatchObject({
        title: 'Handoff of component:default/identity-web is overdue',
        severity: 'high',
        link: '/catalog/default/component/identity-web',
      });
    });

    it('reports no recipients when the notifications plugin is not there', async () => {
      const { notifier, service, logger } = await setup();
      (service.send as jest.Mock).mockRejectedValueOnce(
        new Error(
          'Failed to send notifications: Request failed with status 404',
        ),
      );
      await expect(
        notifier.notify({ type: 'started', handoff }),
      ).resolves.toEqual({
        recipients: [],
        error: expect.stringContaining('status 404'),
      });
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('status 404'),
      );
    });
  },
);
