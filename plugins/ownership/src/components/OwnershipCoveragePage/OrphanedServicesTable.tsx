import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import {
  ResponseErrorPanel,
  Table,
  TableColumn,
  TableProps,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import { toError } from '@backstage/errors';
import {
  getOwnershipRule,
  ORPHAN_ORDER_BY,
  ORPHAN_REASON_CODES,
  OrphanedService,
} from '@service-ownership/plugin-ownership-common';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { OrphanFilters, OrphanOrderBy, ownershipApiRef } from '../../api';
import { useCsvExport } from '../../hooks';
import { isNotIndexedError } from '../../utils/errors';
import { RefLink } from '../RefLink';
import { OrphanFiltersBar } from './OrphanFiltersBar';
import { OrphanReasons } from '../OrphanReasons';

type RemoteData = Extract<
  TableProps<OrphanedService>['data'],
  (...args: any[]) => unknown
>;
type TableQuery = Parameters<RemoteData>[0];

const reasonLabels = (severity: 'error' | 'warning') =>
  ORPHAN_REASON_CODES.map(getOwnershipRule)
    .filter(rule => rule.severity === severity)
    .map(rule => rule.label.toLocaleLowerCase('en-US'))
    .join(', ');

// The ref as the catalog shows it: without the default namespace and the
// row's own kind, e.g. `payments` or `ops/payments`.
function shortRef(row: OrphanedService): string {
  try {
    return humanizeEntityRef(parseEntityRef(row.entityRef), {
      defaultKind: row.kind,
    });
  } catch {
    return row.entityRef;
  }
}

const columns: TableColumn<OrphanedService>[] = [
  {
    title: 'Entity',
    field: 'entityRef',
    render: row => (
      <div data-testid="orphan-entity">
        <RefLink
          entityRef={row.entityRef}
          title={row.title}
          defaultKind="component"
          plain
        />
        {row.title && (
          <Typography
            variant="caption"
            color="textSecondary"
            component="div"
            data-testid="orphan-entity-ref"
          >
            {shortRef(row)}
          </Typography>
        )}
      </div>
    ),
  },
  {
    title: 'Owner',
    field: 'owner',
    render: row =>
      row.owner ? (
        <RefLink entityRef={row.owner} defaultKind="group" plain />
      ) : (
        <Typography variant="body2" color="error">
          none
        </Typography>
      ),
  },
  { title: 'Tier', field: 'tier' },
  {
    title: 'Kind',
    field: 'kind',
    render: row => (row.type ? `${row.kind} (${row.type})` : row.kind),
  },
  {
    title: 'Reasons',
    field: 'reasons',
    cellStyle: { minWidth: 360 },
    render: row => <OrphanReasons reasons={row.reasons} />,
  },
];

function emptyMessage(loadError: Error | undefined): string {
  if (isNotIndexedError(loadError)) {
    return 'The ownership index has not been built yet.';
  }
  return loadError
    ? 'The orphaned services could not be loaded.'
    : 'No orphaned services match: every service here has working ownership.';
}

const tableOptions = {
  paging: true,
  pageSize: 50,
  pageSizeOptions: [20, 50, 100],
  search: false,
  sorting: true,
  padding: 'dense' as const,
  emptyRowsWhenPaging: false,
  draggable: false,
};

/** @internal */
export type OrphanedServicesTableProps = {
  filters: OrphanFilters;
  onFiltersChange: (filters: OrphanFilters) => void;
};

/**
 * Orphaned and at-risk services, paged and sorted by the backend, with
 * filters and a CSV export of the same selection.
 */
export const OrphanedServicesTable = memo(
  (props: OrphanedServicesTableProps) => {
    const { filters, onFiltersChange } = props;
    const api = useApi(ownershipApiRef);
    const [totalCount, setTotalCount] = useState<number>();
    const [loadError, setLoadError] = useState<Error>();
    const { download, exporting, error: exportError } = useCsvExport(filters);

    // material-table keeps paging and sorting itself and asks for pages
    // through `data`; the filters reach it through this ref.
    const filtersRef = useRef(filters);
    filtersRef.current = filters;
    const tableRef = useRef<{ onQueryChange: (query?: object) => void }>(null);

    const fetchPage = useCallback(
      async (query: TableQuery) => {
        const field = query.orderBy?.field as OrphanOrderBy | undefined;
        const orderBy =
          field && ORPHAN_ORDER_BY.includes(field) ? field : undefined;
        let page;
        try {
          page = await api.getOrphans({
            ...filtersRef.current,
            offset: query.page * query.pageSize,
            limit: query.pageSize,
            orderBy,
            order: orderBy ? query.orderDirection || 'asc' : undefined,
          });
        } catch (e) {
          // Rejecting would leave the previous page's rows on screen.
          setLoadError(toError(e));
          setTotalCount(undefined);
          return { data: [], page: 0, totalCount: 0 };
        }
        setLoadError(undefined);
        setTotalCount(page.totalCount);
        return {
          data: page.items,
          page: query.page,
          totalCount: page.totalCount,
        };
      },
      [api],
    );

    const filterKey = JSON.stringify(filters);
    const firstRender = useRef(true);
    useEffect(() => {
      if (firstRender.current) {
        firstRender.current = false;
        return;
      }
      tableRef.current?.onQueryChange({ page: 0 });
    }, [filterKey]);

    const title = useMemo(
      () =>
        totalCount === undefined
          ? 'Orphaned services'
          : `Orphaned services (${totalCount})`,
      [totalCount],
    );

    return (
      <Box data-testid="orphans">
        <Typography variant="body2" paragraph data-testid="orphans-help">
          A service is <em>orphaned</em> here when its ownership does not work (
          {reasonLabels('error')}) and <em>at risk</em> when it works but is
          fragile ({reasonLabels('warning')}). This is not Backstage's{' '}
          <code>backstage.io/orphan</code> annotation, which marks entities
          whose catalog location was removed.
        </Typography>
        <Box display="flex" justifyContent="space-between" flexWrap="wrap">
          <OrphanFiltersBar filters={filters} onChange={onFiltersChange} />
          <Box alignSelf="flex-end" mb={2}>
            <Button
              variant="outlined"
              color="primary"
              startIcon={<GetAppIcon />}
              onClick={() => download()}
              disabled={exporting}
              data-testid="orphans-export"
            >
              Export CSV
            </Button>
          </Box>
        </Box>
        {exportError && (
          <Typography variant="body2" color="error" role="alert">
            Export failed: {exportError.message}
          </Typography>
        )}
        {loadError && !isNotIndexedError(loadError) && (
          <Box mb={2} data-testid="orphans-error">
            <ResponseErrorPanel
              title={`Could not load the orphaned services: ${loadError.message}`}
              error={loadError}
            />
          </Box>
        )}
        <Table<OrphanedService>
          tableRef={tableRef}
          title={title}
          columns={columns}
          data={fetchPage}
          options={tableOptions}
          localization={{
            body: {
              emptyDataSourceMessage: emptyMessage(loadError),
            },
          }}
        />
      </Box>
    );
  },
);
