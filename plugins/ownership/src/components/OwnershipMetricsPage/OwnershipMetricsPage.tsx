import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useId, useState } from 'react';
import {
  MetricsWindow,
  useOwnershipMetrics,
  useOwnershipRecommendations,
  useReportCsvExport,
} from '../../hooks';
import { isNotFoundError } from '../../utils/errors';
import { formatDate } from '../../utils/format';
import { CARD_TITLE_PROPS, SUITE_ROOT_CLASS } from '../../utils/suiteRoot';
import { IncidentTrends } from '../IncidentTrends';
import { Section } from '../Section';
import { CoverageTrendLine } from './CoverageTrendLine';
import { FigureDefinitions, FigureList } from './FigureList';
import { FigureInput } from './figures';
import { MetricsWindowPicker } from './MetricsWindowPicker';
import { RecommendationsList } from './RecommendationsList';
import { TeamMetricsTable } from './TeamMetricsTable';

/**
 * Props of {@link OwnershipMetricsPage}.
 *
 * @public
 */
export type OwnershipMetricsPageProps = { title?: string; subtitle?: string };

const Recommendations = ({ window }: { window: MetricsWindow }) => {
  const { value, error } = useOwnershipRecommendations(window);
  return (
    <InfoCard title="Recommendations" titleTypographyProps={CARD_TITLE_PROPS}>
      {error && !isNotFoundError(error) && <ResponseErrorPanel error={error} />}
      {error && isNotFoundError(error) && (
        <Typography variant="body2" color="textSecondary">
          This backend does not serve recommendations.
        </Typography>
      )}
      {value && (
        <RecommendationsList
          recommendations={value.recommendations}
          emptyText="Every team meets its targets in this window: nothing to recommend."
        />
      )}
    </InfoCard>
  );
};

const Trends = (props: {
  metrics: NonNullable<ReturnType<typeof useOwnershipMetrics>['value']>;
  window: MetricsWindow;
}) => {
  const { metrics, window } = props;
  const id = useId();
  const [team, setTeam] = useState('');
  const covered = (metrics.teamOwnership ?? []).filter(
    t => t.coverage.total > 0,
  );
  const teams = [
    ...new Set([
      ...covered.map(t => t.teamRef),
      ...metrics.teams.flatMap(t => (t.teamRef ? [t.teamRef] : [])),
    ]),
  ].sort();
  const selected = covered.find(t => t.teamRef === team);
  const coverage = team ? selected?.coverage.trend : metrics.coverage?.trend;
  const whose = team || 'all teams';
  return (
    <InfoCard
      title="Trends"
      titleTypographyProps={CARD_TITLE_PROPS}
      action={
        <TextField
          select
          id={id}
          label="Team"
          size="small"
          value={team}
          SelectProps={{ native: true }}
          onChange={event => setTeam(event.target.value)}
        >
          <option value="">All teams</option>
          {teams.map(t => (
            <option key={t} value={t}>
              {t.replace(/^group:default\//, '')}
            </option>
          ))}
        </TextField>
      }
    >
      <Section title="Coverage" data-testid="metrics-coverage-trend">
        <CoverageTrendLine
          points={coverage ?? []}
          target={metrics.ownershipTargets?.coverage}
          label={team || 'all services'}
        />
      </Section>
      <Section title="Incidents" data-testid="metrics-incident-trends">
        <IncidentTrends
          window={window}
          team={team || undefined}
          whose={whose}
          targets={metrics.targets}
        />
      </Section>
    </InfoCard>
  );
};

/**
 * Incident and ownership metrics per team over a window: MTTA and MTTR,
 * escalation rate, response-SLA compliance, incidents by severity, handoff
 * success, coverage and review freshness against their targets; the
 * coverage and incident trends, the recommendations and the health report
 * as CSV.
 *
 * @public
 */
export const OwnershipMetricsPage = (props: OwnershipMetricsPageProps) => {
  const {
    title = 'Ownership metrics',
    subtitle = 'How the owning teams respond to incidents, and how well their services are owned',
  } = props;
  const [window, setWindow] = useState<MetricsWindow>({ days: 30 });
  const { value, loading, error } = useOwnershipMetrics(window, {
    entityLimit: 1,
  });
  const csv = useReportCsvExport(window);
  const overall: FigureInput | undefined = value && {
    incidents: value.overall,
    targets: value.targets,
    ownershipTargets: value.ownershipTargets,
    defaultResponseSlaMinutes: value.defaultResponseSlaMinutes,
  };

  return (
    <Page themeId="tool">
      <Header title={title} subtitle={subtitle} />
      <Content className={SUITE_ROOT_CLASS}>
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <Box
              display="flex"
              flexWrap="wrap"
              alignItems="center"
              justifyContent="space-between"
              style={{ gap: 16 }}
            >
              <MetricsWindowPicker value={window} onChange={setWindow} />
              <Button
                variant="outlined"
                color="primary"
                onClick={() => csv.download()}
                disabled={csv.exporting}
                data-testid="report-csv"
              >
                Download health report (CSV)
              </Button>
            </Box>
            {csv.error && <ResponseErrorPanel error={csv.error} />}
          </Grid>
          {error && (
            <Grid item xs={12}>
              <ResponseErrorPanel error={error} />
            </Grid>
          )}
          {loading && !value && (
            <Grid item xs={12}>
              <Progress />
            </Grid>
          )}
          {value && overall && (
            <>
              <Grid item xs={12} md={4}>
                <InfoCard
                  title="All teams"
                  titleTypographyProps={CARD_TITLE_PROPS}
                >
                  <Box data-testid="metrics-overall" aria-busy={loading}>
                    <Typography variant="body2" paragraph>
                      From {formatDate(value.window.from)} to{' '}
                      {formatDate(value.window.to)}.
                    </Typography>
                    <FigureList
                      input={overall}
                      exclude={[
                        'handoff-success',
                        'coverage',
                        'review-freshness',
                      ]}
                    />
                  </Box>
                </InfoCard>
              </Grid>
              <Grid item xs={12} md={8}>
                <Trends metrics={value} window={window} />
              </Grid>
              <Grid item xs={12}>
                <InfoCard title="Teams" titleTypographyProps={CARD_TITLE_PROPS}>
                  <Box aria-busy={loading}>
                    <TeamMetricsTable metrics={value} />
                  </Box>
                </InfoCard>
              </Grid>
              <Grid item xs={12} md={6}>
                <Recommendations window={window} />
              </Grid>
              <Grid item xs={12} md={6}>
                <InfoCard
                  title="What the figures measure"
                  titleTypographyProps={CARD_TITLE_PROPS}
                >
                  <FigureDefinitions input={overall} />
                </InfoCard>
              </Grid>
            </>
          )}
        </Grid>
      </Content>
    </Page>
  );
};
