import Grid from '@material-ui/core/Grid';
import TablePagination from '@material-ui/core/TablePagination';
import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { HandoffFilters } from '@service-ownership/plugin-ownership-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../../api';
import { CARD_TITLE_PROPS, SUITE_ROOT_CLASS } from '../../utils/suiteRoot';
import { HandoffsTable } from '../HandoffsTable';
import { HandoffFiltersBar } from './HandoffFiltersBar';
import { HandoffMetricsCard } from './HandoffMetricsCard';
import { HandoffTeamSummaryTable } from './HandoffTeamSummaryTable';

/**
 * Props of {@link OwnershipHandoffsPage}.
 *
 * @public
 */
export type OwnershipHandoffsPageProps = { title?: string; subtitle?: string };

/**
 * Open and recent handoffs across teams, with filters and paging, a
 * per-team summary and the handoff success metrics.
 *
 * @public
 */
export const OwnershipHandoffsPage = (props: OwnershipHandoffsPageProps) => {
  const {
    title = 'Ownership handoffs',
    subtitle = 'Services changing hands between teams, and how handoffs go',
  } = props;
  const api = useApi(ownershipApiRef);
  const [filters, setFilters] = useState<HandoffFilters>({ state: 'open' });
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(20);
  const { value, loading, error } = useAsync(
    () =>
      api.listHandoffs({
        ...filters,
        offset: page * pageSize,
        limit: pageSize,
      }),
    [api, filters, page, pageSize],
  );

  return (
    <Page themeId="tool">
      <Header title={title} subtitle={subtitle} />
      <Content className={SUITE_ROOT_CLASS}>
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <InfoCard title="Handoffs" titleTypographyProps={CARD_TITLE_PROPS}>
              <HandoffFiltersBar
                filters={filters}
                onChange={next => {
                  setFilters(next);
                  setPage(0);
                }}
              />
              {error && <ResponseErrorPanel error={error} />}
              {loading && !value && <Progress />}
              {value && (
                <div data-testid="handoffs-list" aria-busy={loading}>
                  <HandoffsTable
                    items={value.items}
                    caption="Handoffs"
                    emptyText="No handoffs match the filters."
                  />
                  <TablePagination
                    component="div"
                    count={value.totalCount}
                    page={page}
                    rowsPerPage={pageSize}
                    rowsPerPageOptions={[20, 50, 100]}
                    onPageChange={(_event, next) => setPage(next)}
                    onRowsPerPageChange={event => {
                      setPageSize(Number(event.target.value));
                      setPage(0);
                    }}
                  />
                </div>
              )}
            </InfoCard>
          </Grid>
          <Grid item xs={12} md={6}>
            {value && <HandoffTeamSummaryTable teams={value.teams} />}
          </Grid>
          <Grid item xs={12} md={6}>
            <HandoffMetricsCard />
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
};
