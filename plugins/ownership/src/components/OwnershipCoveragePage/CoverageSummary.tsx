import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { memo } from 'react';
import { CoverageResponse } from '@service-ownership/plugin-ownership-common';
import { DateTime } from 'luxon';
import { formatDate, formatPercent, formatRelative } from '../../utils/format';
import { CARD_TITLE_PROPS } from '../../utils/suiteRoot';

/** @internal */
export type CoverageSummaryProps = {
  coverage?: CoverageResponse;
  loading: boolean;
  error?: Error;
  asOf?: string;
  onAsOfChange: (asOf: string | undefined) => void;
};

/**
 * The headline coverage and the "as of" date that the whole page follows.
 */
export const CoverageSummary = memo((props: CoverageSummaryProps) => {
  const { coverage, loading, error, asOf, onAsOfChange } = props;
  const today = DateTime.now().toISODate();

  return (
    <InfoCard
      titleTypographyProps={CARD_TITLE_PROPS}
      title="Coverage"
      variant="gridItem"
    >
      <Box data-testid="coverage-summary">
        <Box display="flex" alignItems="flex-end" gridGap={8} mb={2}>
          <TextField
            id="ownership-coverage-as-of"
            label="As of"
            type="date"
            value={asOf ?? ''}
            onChange={event => onAsOfChange(event.target.value || undefined)}
            InputLabelProps={{ shrink: true }}
            inputProps={{ max: today, 'data-testid': 'coverage-as-of' }}
            helperText="Coverage as it was at the end of that day"
          />
          {asOf && (
            <Button size="small" onClick={() => onAsOfChange(undefined)}>
              Today
            </Button>
          )}
        </Box>
        {loading && <Progress />}
        {!loading && error && <ResponseErrorPanel error={error} />}
        {!loading && !error && coverage && (
          <>
            <Typography
              variant="h2"
              component="p"
              data-testid="coverage-percent"
              aria-label={`Coverage ${formatPercent(coverage.coverage)}`}
            >
              {formatPercent(coverage.coverage)}
            </Typography>
            <Typography variant="body1" data-testid="coverage-counts">
              {coverage.owned} of {coverage.total} entities have working
              ownership
              {coverage.asOf ? ` on ${formatDate(coverage.asOf)}` : ''}.
            </Typography>
            {coverage.indexedAt && (
              <Typography variant="caption" color="textSecondary">
                Catalog indexed {formatRelative(coverage.indexedAt)}.
              </Typography>
            )}
          </>
        )}
      </Box>
    </InfoCard>
  );
});
