import Grid from '@material-ui/core/Grid';
import { Content, Header, Page } from '@backstage/core-components';
import { useCoverage, useCoveragePageParams } from '../../hooks';
import { isNotIndexedError } from '../../utils/errors';
import { compareTiers } from '@service-ownership/plugin-ownership-common';
import { IndexNotBuilt } from '../IndexNotBuilt';
import { CoverageBreakdown } from './CoverageBreakdown';
import { CoverageSummary } from './CoverageSummary';
import { CoverageTrendChart } from './CoverageTrendChart';
import { OrphanedServicesTable } from './OrphanedServicesTable';
import { SUITE_ROOT_CLASS } from '../../utils/suiteRoot';

/**
 * Props of {@link OwnershipCoveragePage}.
 *
 * @public
 */
export type OwnershipCoveragePageProps = {
  title?: string;
  subtitle?: string;
};

const breakdowns: Array<{
  title: string;
  keyLabel: string;
  field: 'byTier' | 'byKind' | 'byOwner' | 'bySystem';
  refKind?: string;
  compareKeys?: (a: string, b: string) => number;
  testId: string;
}> = [
  {
    title: 'By tier',
    keyLabel: 'Tier',
    field: 'byTier',
    compareKeys: compareTiers,
    testId: 'coverage-by-tier',
  },
  {
    title: 'By kind',
    keyLabel: 'Kind',
    field: 'byKind',
    testId: 'coverage-by-kind',
  },
  {
    title: 'By team',
    keyLabel: 'Team',
    field: 'byOwner',
    refKind: 'group',
    testId: 'coverage-by-team',
  },
  {
    title: 'By system',
    keyLabel: 'System',
    field: 'bySystem',
    refKind: 'system',
    testId: 'coverage-by-system',
  },
];

/**
 * Ownership coverage of the catalog: the headline, its breakdown and trend,
 * and the orphaned services with their fixes.
 *
 * @public
 */
export const OwnershipCoveragePage = (props: OwnershipCoveragePageProps) => {
  const {
    title = 'Ownership coverage',
    subtitle = 'Which services have working ownership, and what to fix where they do not',
  } = props;
  const { filters, setFilters, asOf, setAsOf } = useCoveragePageParams();
  const { value: coverage, loading, error } = useCoverage(asOf);

  return (
    <Page themeId="tool">
      <Header title={title} subtitle={subtitle} />
      <Content className={SUITE_ROOT_CLASS}>
        {isNotIndexedError(error) ? (
          <IndexNotBuilt />
        ) : (
          <Grid container spacing={3} alignItems="stretch">
            <Grid item xs={12} md={4}>
              <CoverageSummary
                coverage={coverage}
                loading={loading}
                error={error}
                asOf={asOf}
                onAsOfChange={setAsOf}
              />
            </Grid>
            <Grid item xs={12} md={8}>
              <CoverageTrendChart asOf={asOf} onSelectDate={setAsOf} />
            </Grid>
            {coverage &&
              !loading &&
              breakdowns.map(b => (
                <Grid item xs={12} md={6} key={b.testId}>
                  <CoverageBreakdown
                    title={b.title}
                    keyLabel={b.keyLabel}
                    buckets={coverage[b.field]}
                    refKind={b.refKind}
                    compareKeys={b.compareKeys}
                    testId={b.testId}
                  />
                </Grid>
              ))}
            <Grid item xs={12}>
              <OrphanedServicesTable
                filters={filters}
                onFiltersChange={setFilters}
              />
            </Grid>
          </Grid>
        )}
      </Content>
    </Page>
  );
};
