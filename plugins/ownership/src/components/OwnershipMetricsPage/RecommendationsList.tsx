import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { OwnershipRecommendation } from '@service-ownership/plugin-ownership-common';
import { Fragment } from 'react';
import { RefLink } from '../RefLink';
import { ToneChip } from '../ToneChip';

const KIND_LABELS: Record<OwnershipRecommendation['kind'], string> = {
  'escalation-rate': 'Escalation rate',
  mttr: 'MTTR',
  coverage: 'Coverage',
  'bus-factor': 'Bus factor',
  'on-call-load': 'On-call load',
};

/** @internal */
export type RecommendationsListProps = {
  recommendations: OwnershipRecommendation[];
  emptyText: string;
};

/**
 * The health report's recommendations: the finding, what to do, the team
 * and the entities named.
 */
export const RecommendationsList = ({
  recommendations,
  emptyText,
}: RecommendationsListProps) => {
  if (!recommendations.length) {
    return (
      <Typography variant="body2" data-testid="recommendations-empty">
        {emptyText}
      </Typography>
    );
  }
  return (
    <List dense disablePadding data-testid="recommendations">
      {recommendations.map((r, i) => (
        <ListItem
          key={`${r.kind}-${r.teamRef ?? ''}-${i}`}
          disableGutters
          data-testid="recommendation"
          data-kind={r.kind}
        >
          <ListItemText
            primary={
              <>
                <ToneChip
                  size="small"
                  tone={r.severity === 'high' ? 'secondary' : 'default'}
                  label={`${r.severity} · ${KIND_LABELS[r.kind] ?? r.kind}`}
                  style={{ marginRight: 8 }}
                />
                {r.teamRef && (
                  <>
                    <RefLink entityRef={r.teamRef} defaultKind="group" plain />
                    {': '}
                  </>
                )}
                {r.message}
              </>
            }
            secondary={
              r.entityRefs?.length ? (
                <>
                  {'Named: '}
                  {r.entityRefs.map((ref, j) => (
                    <Fragment key={ref}>
                      {j > 0 && ', '}
                      <RefLink entityRef={ref} defaultKind="component" plain />
                    </Fragment>
                  ))}
                </>
              ) : undefined
            }
          />
        </ListItem>
      ))}
    </List>
  );
};
