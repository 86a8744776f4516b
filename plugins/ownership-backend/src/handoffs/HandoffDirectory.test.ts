import { Entity } from '@backstage/catalog-model';
import { createTestDatabases } from '../__testUtils__/databases';
import { stitch } from '../__testUtils__/entities';
import { indexedDatabase } from '../__testUtils__/indexedDatabase';
import {
  DatabaseHandoffDirectory,
  handoffAccountables,
} from './HandoffDirectory';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const NOW = new Date('2027-03-01T12:00:00Z');

function matrix(
  name: string,
  activities: Array<{ name: string; accountable: string | string[] }>,
): Entity {
  return {
    apiVersion: 'ownership.dev/v1alpha1',
    kind: 'RaciMatrix',
    metadata: { name, namespace: 'default' },
    spec: {
      owner: 'group:default/payments',
      appliesTo: ['component:default/payments-api'],
      activities: activities.map(a => ({
        ...a,
        responsible: ['group:default/payments'],
      })),
    },
  };
}

describe('handoffAccountables', () => {
  it("takes the ownership activity's Accountable over the others", () => {
    expect(
      handoffAccountables([
        { activity: 'Deploy to production', party: 'user:default/jane' },
        { activity: 'Ownership handoffs', party: 'group:default/sre' },
        { activity: 'Incident response', party: 'user:default/jane' },
      ]),
    ).toEqual(['group:default/sre']);
    // the RACI seed's activity for the ownership matrix itself
    expect(
      handoffAccountables([
        { activity: 'Breaking change approvals', party: 'user:default/tom' },
        {
          activity: 'Governance docs (this file)',
          party: 'user:default/architect',
        },
      ]),
    ).toEqual(['user:default/architect']);
  });

  it("takes the matrix's Accountable only when it is the only one", () => {
    expect(
      handoffAccountables([
        { activity: 'Deploy to production', party: 'user:default/olivia' },
        { activity: 'Incident response', party: 'user:default/olivia' },
      ]),
    ).toEqual(['user:default/olivia']);
    expect(
      handoffAccountables([
        { activity: 'Deploy to production', party: 'user:default/olivia' },
        { activity: 'Incident response', party: 'group:default/sre' },
      ]),
    ).toEqual([]);
    // "ownership" as a word, not inside another one
    expect(
      handoffAccountables([
        { activity: 'Co-ownershipping', party: 'user:default/olivia' },
        { activity: 'Incident response', party: 'group:default/sre' },
      ]),
    ).toEqual([]);
    expect(handoffAccountables([])).toEqual([]);
  });
});

describe.each(databases.eachSupportedId())(
  'DatabaseHandoffDirectory on %p',
  id => {
    it('reads who decides handoffs per matrix from the index', async () => {
      const { database, feed } = await indexedDatabase(databases, id);
      await feed(
        stitch([
          matrix('with-ownership', [
            {
              name: 'Deploy to production',
              accountable: 'group:default/platform',
            },
            {
              name: 'Service ownership and handoffs',
              accountable: 'group:default/sre',
            },
          ]),
          matrix('one-accountable', [
            { name: 'Deploy to production', accountable: 'user:default/jane' },
            { name: 'Incident response', accountable: 'user:default/jane' },
          ]),
          matrix('several', [
            {
              name: 'Deploy to production',
              accountable: 'group:default/platform',
            },
            {
              name: 'Incident response',
              accountable: ['group:default/payments', 'group:default/sre'],
            },
          ]),
        ]),
        NOW,
      );
      const directory = await DatabaseHandoffDirectory.create({ database });
      const of = (...names: string[]) =>
        directory.raciAccountable(names.map(n => `racimatrix:default/${n}`));
      expect(await of('with-ownership')).toEqual(['group:default/sre']);
      expect(await of('one-accountable')).toEqual(['user:default/jane']);
      expect(await of('several')).toEqual([]);
      expect(await of('with-ownership', 'one-accountable', 'several')).toEqual([
        'group:default/sre',
        'user:default/jane',
      ]);
      expect(await of()).toEqual([]);
    });
  },
);
