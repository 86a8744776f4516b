import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { ApiBlueprint } from '@backstage/frontend-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { ownershipApiRef, OwnershipClient } from './api';
import ownershipPlugin, {
  entityHandoffCard,
  entityOwnershipCard,
  entityRaciCard,
  entityRaciMatrixContent,
  entityTeamHandoffsCard,
  entityTeamMetricsCard,
  entityTeamOwnershipCard,
  ownershipApi,
  ownershipAuditPage,
  ownershipCoveragePage,
  ownershipHandoffsPage,
  ownershipMetricsPage,
} from './alpha';
import { metricsResponse } from './__testUtils__/metricsFixtures';
import { FakeOwnershipApi } from './__testUtils__/FakeOwnershipApi';
import {
  coverage,
  paymentsComponent,
  paymentsOwnership,
  paymentsTeam,
  raciMatrixEntity,
  teamOwnership,
} from './__testUtils__/fixtures';

describe('ownership plugin (new frontend system)', () => {
  jest.setTimeout(20_000);

  const api = new FakeOwnershipApi({
    entities: [paymentsOwnership()],
    teams: [teamOwnership()],
    coverage,
  });
  api.metrics = metricsResponse();
  const apis = [[ownershipApiRef, api], mockApis.permission()] as const;

  it('is the ownership plugin', () => {
    expect(ownershipPlugin.pluginId).toBe('ownership');
  });

  it('provides the client as the ownership API', () => {
    const factory = createExtensionTester(ownershipApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api.id).toBe(ownershipApiRef.id);
    const client = factory.factory({
      discoveryApi: mockApis.discovery(),
      fetchApi: mockApis.fetch(),
    });
    expect(client).toBeInstanceOf(OwnershipClient);
  });

  it('renders the ownership and RACI cards on a component page', async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: paymentsComponent }),
        entityOwnershipCard,
        entityRaciCard,
        entityHandoffCard,
        entityTeamOwnershipCard,
        entityTeamHandoffsCard,
        entityTeamMetricsCard,
      ],
      apis,
    });

    expect(await screen.findByTestId('ownership-card')).toBeInTheDocument();
    expect(await screen.findByTestId('handoff-card')).toBeInTheDocument();
    expect(screen.queryByTestId('team-handoffs')).not.toBeInTheDocument();
    expect(screen.queryByTestId('team-metrics-card')).not.toBeInTheDocument();
    expect(await screen.findByTestId('ownership-tier')).toHaveTextContent(
      'tier-1',
    );
    expect(await screen.findByTestId('raci-summary')).toBeInTheDocument();
    expect(screen.queryByTestId('team-ownership-card')).not.toBeInTheDocument();
  });

  it('renders the team card on a group page only', async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: paymentsTeam }),
        entityOwnershipCard,
        entityHandoffCard,
        entityTeamOwnershipCard,
        entityTeamHandoffsCard,
        entityTeamMetricsCard,
      ],
      apis,
    });

    expect(await screen.findByTestId('team-summary')).toBeInTheDocument();
    expect(await screen.findByTestId('team-handoffs')).toBeInTheDocument();
    expect(await screen.findByTestId('team-metrics-card')).toBeInTheDocument();
    expect(screen.queryByTestId('ownership-card')).not.toBeInTheDocument();
    expect(screen.queryByTestId('handoff-card')).not.toBeInTheDocument();
  });

  it('renders the RACI matrix content for RaciMatrix entities', async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: raciMatrixEntity }),
        entityRaciMatrixContent,
      ],
      apis,
    });

    expect(
      await screen.findByRole('grid', { name: 'RACI matrix Payments RACI' }),
    ).toBeInTheDocument();
  });

  it('renders the coverage page', async () => {
    const tester = createExtensionTester(ownershipCoveragePage, { apis });
    renderInTestApp(tester.reactElement(), {
      apis,
      initialRouteEntries: ['/ownership'],
      mountPath: '/ownership',
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });

    // The first load of the page's module takes a while under jest.
    expect(
      await screen.findByTestId('coverage-percent', {}, { timeout: 10_000 }),
    ).toHaveTextContent('77.5%');
  });

  it.each([
    {
      path: '/ownership-handoffs',
      element: () =>
        createExtensionTester(ownershipHandoffsPage, { apis }).reactElement(),
      testId: 'handoffs-list',
    },
    {
      path: '/ownership-audit',
      element: () =>
        createExtensionTester(ownershipAuditPage, { apis }).reactElement(),
      testId: 'audit-list',
    },
    {
      path: '/ownership-metrics',
      element: () =>
        createExtensionTester(ownershipMetricsPage, { apis }).reactElement(),
      testId: 'metrics-coverage-trend',
    },
  ])('renders the page at $path', async ({ path, element, testId }) => {
    renderInTestApp(element(), {
      apis,
      initialRouteEntries: [path],
      mountPath: path,
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });

    expect(
      await screen.findByTestId(testId, {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
  });
});
