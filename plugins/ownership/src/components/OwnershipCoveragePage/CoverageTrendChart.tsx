import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { memo, useId, useState } from 'react';
import { useCoverageTrend } from '../../hooks';
import { isNotIndexedError } from '../../utils/errors';
import { formatPercent } from '../../utils/format';
import { CARD_TITLE_PROPS } from '../../utils/suiteRoot';
import { TrendChart } from '../TrendChart';

const DAY_OPTIONS = [30, 90, 180, 365];

/** @internal */
export type CoverageTrendChartProps = {
  asOf?: string;
  onSelectDate?: (date: string) => void;
};

/**
 * Daily coverage as a line, with the "as of" day marked.
 */
export const CoverageTrendChart = memo((props: CoverageTrendChartProps) => {
  const { asOf, onSelectDate } = props;
  const [days, setDays] = useState(90);
  const periodId = useId();
  const { value: points, loading, error } = useCoverageTrend(days);
  const first = points?.[0];
  const last = points?.[points.length - 1];

  return (
    <InfoCard
      titleTypographyProps={CARD_TITLE_PROPS}
      title="Coverage trend"
      variant="gridItem"
      action={
        <TextField
          select
          // TextField ties its label to the select through this id; an id
          // on the select alone leaves the select without a name.
          id={periodId}
          label="Period"
          value={days}
          onChange={event => setDays(Number(event.target.value))}
          SelectProps={{ native: true }}
          size="small"
        >
          {DAY_OPTIONS.map(option => (
            <option key={option} value={option}>
              Last {option} days
            </option>
          ))}
        </TextField>
      }
    >
      <Box data-testid="coverage-trend">
        {loading && <Progress />}
        {!loading && error && !isNotIndexedError(error) && (
          <ResponseErrorPanel error={error} />
        )}
        {!loading &&
          (isNotIndexedError(error) || (!error && points?.length === 0)) && (
            <Typography variant="body2" color="textSecondary">
              No history yet: coverage is recorded once a day.
            </Typography>
          )}
        {!loading && !error && first && last && (
          <>
            <Typography variant="body2" data-testid="coverage-trend-summary">
              From {formatPercent(first.coverage)} on {first.date} to{' '}
              {formatPercent(last.coverage)} on {last.date}.
            </Typography>
            <TrendChart
              title="Coverage trend chart"
              xLabel="Day"
              data={(points ?? []).map(p => ({
                x: p.date,
                coverage: p.coverage,
              }))}
              series={[
                { key: 'coverage', label: 'Coverage', format: formatPercent },
              ]}
              marker={asOf ? { x: asOf, label: 'as of' } : undefined}
              yDomain={[0, 100]}
              yTickFormat={(v: number) => `${v}%`}
              height={260}
              onSelect={onSelectDate}
            />
          </>
        )}
      </Box>
    </InfoCard>
  );
});
