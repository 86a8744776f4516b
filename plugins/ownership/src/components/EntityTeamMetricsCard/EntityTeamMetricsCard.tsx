import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useState } from 'react';
import {
  MetricsWindow,
  useOwnershipMetrics,
  useOwnershipRecommendations,
} from '../../hooks';
import { formatDate } from '../../utils/format';
import { CARD_TITLE_PROPS, SUITE_ROOT_CLASS } from '../../utils/suiteRoot';
import {
  CoverageTrendLine,
  FigureList,
  MetricsWindowPicker,
  RecommendationsList,
} from '../OwnershipMetricsPage';
import { IncidentTrends } from '../IncidentTrends';
import { Section } from '../Section';
import { emptyMetrics } from './emptyMetrics';

/**
 * Props of {@link EntityTeamMetricsCard}.
 *
 * @public
 */
export type EntityTeamMetricsCardProps = {
  variant?: 'flex' | 'fullHeight' | 'gridItem';
  title?: string;
};

const TeamRecommendations = (props: {
  window: MetricsWindow;
  teamRef: string;
}) => {
  const { value } = useOwnershipRecommendations(props.window);
  if (!value) {
    return null;
  }
  return (
    <Section title="Recommendations" data-testid="team-recommendations">
      <RecommendationsList
        recommendations={value.recommendations.filter(
          r => r.teamRef === props.teamRef,
        )}
        emptyText="Nothing to recommend for this team in this window."
      />
    </Section>
  );
};

/**
 * For Group pages: the team's incident metrics (charged to the team that
 * owned each entity when the incident was created) and ownership figures
 * over a window, against their targets, with its coverage and incident
 * trends.
 *
 * @public
 */
export const EntityTeamMetricsCard = (props: EntityTeamMetricsCardProps) => {
  const { variant, title = 'Team metrics' } = props;
  const { entity } = useEntity();
  const teamRef = stringifyEntityRef(entity);
  const [window, setWindow] = useState<MetricsWindow>({ days: 30 });
  const { value, loading, error } = useOwnershipMetrics(window, {
    team: teamRef,
    entityLimit: 1,
  });
  const ownership = value?.teamOwnership?.find(t => t.teamRef === teamRef);
  const incidents = value?.teams.find(t => t.teamRef === teamRef);

  return (
    <InfoCard
      title={title}
      titleTypographyProps={CARD_TITLE_PROPS}
      variant={variant}
      className={SUITE_ROOT_CLASS}
    >
      <Box data-testid="team-metrics-card" aria-busy={loading}>
        <Box mb={2}>
          <MetricsWindowPicker value={window} onChange={setWindow} />
        </Box>
        {error && <ResponseErrorPanel error={error} />}
        {loading && !value && <Progress />}
        {value && (
          <>
            <Typography variant="body2" paragraph>
              From {formatDate(value.window.from)} to{' '}
              {formatDate(value.window.to)}: incidents are charged to the team
              that owned the entity when the incident was created.
            </Typography>
            <FigureList
              input={{
                incidents: incidents ?? emptyMetrics(),
                ownership,
                targets: value.targets,
                ownershipTargets: value.ownershipTargets,
                defaultResponseSlaMinutes: value.defaultResponseSlaMinutes,
              }}
              explain
            />
            {ownership && (
              <Section title="Coverage trend">
                <CoverageTrendLine
                  points={ownership.coverage.trend}
                  target={value.ownershipTargets?.coverage}
                  label={entity.metadata.title ?? entity.metadata.name}
                  height={180}
                />
              </Section>
            )}
            <Section title="Incident trends" data-testid="team-incident-trends">
              <IncidentTrends
                window={window}
                team={teamRef}
                whose={entity.metadata.title ?? entity.metadata.name}
                targets={value.targets}
                height={180}
              />
            </Section>
            <TeamRecommendations window={window} teamRef={teamRef} />
          </>
        )}
      </Box>
    </InfoCard>
  );
};
