import { DateTime } from 'luxon';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { OwnershipAuditFilters, ownershipApiRef } from '../../api';
import { formatDateTime } from '../../utils/format';
import { CARD_TITLE_PROPS, SUITE_ROOT_CLASS } from '../../utils/suiteRoot';
import { RefLink } from '../RefLink';
import { AuditFiltersBar } from './AuditFiltersBar';
import { AuditIntegrity } from './AuditIntegrity';
import { saveDownload } from '../../utils/download';

/**
 * Props of {@link OwnershipAuditPage}.
 *
 * @public
 */
export type OwnershipAuditPageProps = { title?: string; subtitle?: string };

function isForbidden(error: Error | undefined): boolean {
  return (
    !!error &&
    ((error instanceof ResponseError && error.statusCode === 403) ||
      error.name === 'NotAllowedError')
  );
}

/**
 * The filters as the server takes them: the From and To days are whole days
 * in the viewer's time zone, To included.
 */
export function auditQuery(
  filters: OwnershipAuditFilters,
): OwnershipAuditFilters {
  const day = (value: string | undefined, edge: 'start' | 'end') => {
    if (!value) return undefined;
    const date = DateTime.fromISO(value);
    if (!date.isValid) return value;
    return (edge === 'start' ? date.startOf('day') : date.endOf('day'))
      .toUTC()
      .toISO()!;
  };
  const from = day(filters.from, 'start');
  const to = day(filters.to, 'end');
  return {
    ...filters,
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

/** Downloads the audit entries matching the filters as a CSV file. */
function useAuditExport(filters: OwnershipAuditFilters) {
  const api = useApi(ownershipApiRef);
  return useAsyncFn(async () => {
    const blob = await api.exportAuditCsv(auditQuery(filters));
    saveDownload(blob, 'ownership-audit.csv');
  }, [api, filters]);
}

/**
 * The ownership audit trail: filter by entity, team, actor, action and
 * time, export what matches as CSV, and see whether the hash chain is
 * intact.
 *
 * @public
 */
export const OwnershipAuditPage = (props: OwnershipAuditPageProps) => {
  const {
    title = 'Ownership audit trail',
    subtitle = 'Every ownership change, verification and handoff step',
  } = props;
  const api = useApi(ownershipApiRef);
  const [filters, setFilters] = useState<OwnershipAuditFilters>({});
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(50);
  const { value, loading, error } = useAsync(
    () =>
      api.getAudit({
        ...auditQuery(filters),
        offset: page * pageSize,
        limit: pageSize,
      }),
    [api, filters, page, pageSize],
  );
  const [exportState, download] = useAuditExport(filters);

  let body;
  if (isForbidden(error)) {
    body = (
      <Typography variant="body1" data-testid="audit-forbidden" role="alert">
        You may not read the ownership audit trail: it needs the
        ownership.audit.read permission. Ask an ownership admin for access.
      </Typography>
    );
  } else {
    body = (
      <>
        <Box mb={2}>
          <AuditIntegrity />
        </Box>
        <InfoCard title="Audit trail" titleTypographyProps={CARD_TITLE_PROPS}>
          <Box display="flex" justifyContent="space-between" flexWrap="wrap">
            <AuditFiltersBar
              filters={filters}
              onChange={next => {
                setFilters(next);
                setPage(0);
              }}
            />
            <Box alignSelf="flex-end" mb={2}>
              <Button
                variant="outlined"
                color="primary"
                startIcon={<GetAppIcon />}
                onClick={() => download()}
                disabled={exportState.loading}
                data-testid="audit-export"
              >
                Export CSV
              </Button>
            </Box>
          </Box>
          {exportState.error && (
            <Typography variant="body2" color="error" role="alert">
              Export failed: {exportState.error.message}
            </Typography>
          )}
          {error && <ResponseErrorPanel error={error} />}
          {loading && !value && <Progress />}
          {value && (
            <div data-testid="audit-list" aria-busy={loading}>
              <Table size="small" aria-label="Audit entries">
                <TableHead>
                  <TableRow>
                    <TableCell>Time</TableCell>
                    <TableCell>Actor</TableCell>
                    <TableCell>Action</TableCell>
                    <TableCell>Entity</TableCell>
                    <TableCell>Details</TableCell>
                    <TableCell>Correlation id</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {value.items.map(entry => (
                    <TableRow
                      key={entry.id}
                      data-testid="audit-row"
                      data-id={entry.id}
                    >
                      <TableCell>{formatDateTime(entry.occurredAt)}</TableCell>
                      <TableCell>
                        <RefLink
                          entityRef={entry.actor}
                          defaultKind="user"
                          plain
                        />
                      </TableCell>
                      <TableCell>{entry.action}</TableCell>
                      <TableCell>
                        {entry.entityRef && (
                          <RefLink
                            entityRef={entry.entityRef}
                            defaultKind="component"
                            plain
                          />
                        )}
                      </TableCell>
                      <TableCell>
                        <code
                          style={{
                            whiteSpace: 'pre-wrap',
                            wordBreak: 'break-word',
                          }}
                        >
                          {JSON.stringify(entry.details)}
                        </code>
                      </TableCell>
                      <TableCell>{entry.correlationId}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              {value.items.length === 0 && (
                <Typography variant="body2" color="textSecondary">
                  No audit entries match the filters.
                </Typography>
              )}
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
      </>
    );
  }

  return (
    <Page themeId="tool">
      <Header title={title} subtitle={subtitle} />
      <Content className={SUITE_ROOT_CLASS}>{body}</Content>
    </Page>
  );
};
