import Typography from '@material-ui/core/Typography';
import { useOwnershipMetrics } from '../../hooks';
import { isNotFoundError } from '../../utils/errors';
import { formatMinutes, formatSeverities } from '../OwnershipMetricsPage';
import { Section } from '../Section';

/** @internal */
export type RecentIncidentsProps = { entityRef: string };

/**
 * The entity's incidents of the last 30 days by severity, with MTTR; its
 * own request, so that the owner card does not wait for it.
 */
export const RecentIncidents = ({ entityRef }: RecentIncidentsProps) => {
  const { value, error } = useOwnershipMetrics(
    { days: 30 },
    { entityRef, entityLimit: 1 },
  );
  // A backend without incident metrics: nothing to say.
  if ((error && isNotFoundError(error)) || (!value && !error)) {
    return null;
  }
  return (
    <Section title="Incidents, last 30 days" data-testid="recent-incidents">
      <Typography variant="body2">
        {error && 'Incident metrics could not be loaded.'}
        {value &&
          (value.overall.incidents
            ? `${formatSeverities(
                value.overall,
              )} incidents; MTTR ${formatMinutes(
                value.overall.mttr.meanMinutes,
              )} (target under ${value.targets.mttrMinutes} min).`
            : 'No incidents.')}
      </Typography>
    </Section>
  );
};
