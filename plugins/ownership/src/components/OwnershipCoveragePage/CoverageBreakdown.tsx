import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import { CoverageBucket } from '@service-ownership/plugin-ownership-common';
import { memo, useMemo } from 'react';
import { formatPercent } from '../../utils/format';
import { RefLink } from '../RefLink';
import { CARD_TITLE_PROPS } from '../../utils/suiteRoot';

/** @internal */
export type CoverageBreakdownProps = {
  title: string;
  /** Heading of the key column, e.g. "Tier". */
  keyLabel: string;
  buckets: CoverageBucket[];
  /** Keys are entity refs of this kind (owner teams, systems). */
  refKind?: string;
  /** Orders the rows by key (e.g. tiers); least covered first without. */
  compareKeys?: (a: string, b: string) => number;
  testId: string;
};

/**
 * Coverage per tier, team, kind or system: in key order when the keys have
 * one (tiers), else least covered first.
 */
export const CoverageBreakdown = memo((props: CoverageBreakdownProps) => {
  const { title, keyLabel, buckets, refKind, compareKeys, testId } = props;
  const sorted = useMemo(
    () =>
      [...buckets].sort((a, b) =>
        compareKeys
          ? compareKeys(a.key, b.key)
          : a.coverage - b.coverage || b.total - a.total,
      ),
    [buckets, compareKeys],
  );

  return (
    <InfoCard
      titleTypographyProps={CARD_TITLE_PROPS}
      title={title}
      variant="gridItem"
      noPadding
    >
      <Box maxHeight={320} overflow="auto" data-testid={testId}>
        {sorted.length === 0 ? (
          <Box p={2}>
            <Typography variant="body2" color="textSecondary">
              Nothing to show.
            </Typography>
          </Box>
        ) : (
          <Table size="small" stickyHeader aria-label={title}>
            <TableHead>
              <TableRow>
                <TableCell>{keyLabel}</TableCell>
                <TableCell align="right">Owned</TableCell>
                <TableCell style={{ width: '40%' }}>Coverage</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {sorted.map(bucket => (
                <TableRow key={bucket.key} data-testid="coverage-bucket">
                  <TableCell component="th" scope="row">
                    {refKind && bucket.key ? (
                      <RefLink
                        entityRef={bucket.key}
                        defaultKind={refKind}
                        plain
                      />
                    ) : (
                      bucket.key || '(none)'
                    )}
                  </TableCell>
                  <TableCell align="right">
                    {bucket.owned} / {bucket.total}
                  </TableCell>
                  <TableCell>
                    <Box display="flex" alignItems="center" gridGap={8}>
                      <Box flex={1}>
                        <LinearProgress
                          variant="determinate"
                          value={bucket.coverage}
                          color={bucket.coverage < 50 ? 'secondary' : 'primary'}
                          aria-label={`${bucket.key || 'none'} coverage`}
                        />
                      </Box>
                      <Typography variant="body2" component="span">
                        {formatPercent(bucket.coverage)}
                      </Typography>
                    </Box>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Box>
    </InfoCard>
  );
});
