import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Step from '@material-ui/core/Step';
import StepContent from '@material-ui/core/StepContent';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';
import { RefLink } from '../RefLink';
import {
  ResolvedEscalationLevel,
  ResolvedEscalationTarget,
} from '@service-ownership/plugin-ownership-common';
import { formatDateTime, humanizeDuration } from '../../utils/format';
import { PersonLink } from '../PersonLink';

const useStyles = makeStyles(theme => ({
  stepper: { padding: 0, background: 'transparent' },
  target: { marginTop: theme.spacing(1) },
  people: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1.5),
    marginTop: theme.spacing(0.5),
  },
  chip: { marginRight: theme.spacing(0.5) },
}));

const TARGET_LABELS: Record<ResolvedEscalationTarget['type'], string> = {
  user: 'Person',
  group: 'Team',
  schedule: 'Schedule',
  channel: 'Channel',
  email: 'E-mail',
};

const TargetName = ({ target }: { target: ResolvedEscalationTarget }) => {
  if (target.type === 'user' || target.type === 'group') {
    return <RefLink entityRef={target.id} defaultKind={target.type} plain />;
  }
  if (target.type === 'email') {
    return <Link to={`mailto:${target.id}`}>{target.id}</Link>;
  }
  return <>{target.id}</>;
};

const Target = ({ target }: { target: ResolvedEscalationTarget }) => {
  const classes = useStyles();
  // A person target is shown as that person rather than as ref plus list.
  if (target.type === 'user' && target.people.length === 1) {
    return (
      <Box className={classes.target} data-testid="escalation-target">
        <PersonLink
          person={target.people[0]}
          size="small"
          showEmail={false}
          label={TARGET_LABELS.user}
        />
      </Box>
    );
  }
  const people = target.onCall
    ? target.people.filter(p => p.entityRef !== target.onCall?.person.entityRef)
    : target.people;
  return (
    <Box className={classes.target} data-testid="escalation-target">
      <Typography variant="body2">
        <Typography variant="caption" color="textSecondary" component="span">
          {TARGET_LABELS[target.type] ?? target.type}:{' '}
        </Typography>
        <TargetName target={target} />
      </Typography>
      {target.onCall && (
        <Box className={classes.people}>
          <PersonLink
            person={target.onCall.person}
            size="small"
            showEmail={false}
            label={`On call until ${formatDateTime(target.onCall.until)}`}
          />
        </Box>
      )}
      {people.length > 0 && (
        <Box className={classes.people}>
          {people.map((person, index) => (
            <PersonLink
              key={`${index}-${person.entityRef}`}
              person={person}
              size="small"
              showEmail={false}
            />
          ))}
        </Box>
      )}
    </Box>
  );
};

function slaText(levels: ResolvedEscalationLevel[], index: number): string {
  const level = levels[index];
  // The last level may leave escalateAfter out: nothing comes after it.
  const sla = level.escalateAfter
    ? humanizeDuration(level.escalateAfter, level.escalateAfterMinutes)
    : undefined;
  if (index === levels.length - 1) {
    return sla
      ? `Response SLA: ${sla} (last level)`
      : 'Last level: no further escalation';
  }
  const next = `level ${levels[index + 1].level || index + 2}`;
  return sla
    ? `Escalates to ${next} after ${sla}`
    : `Escalates to ${next} (no escalateAfter given)`;
}

/** @internal */
export type EscalationStepsProps = {
  levels: ResolvedEscalationLevel[];
};

/**
 * The levels of an escalation policy as ordered steps, each with its
 * response SLA and the people it reaches.
 */
export const EscalationSteps = ({ levels }: EscalationStepsProps) => {
  const classes = useStyles();
  if (levels.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        The escalation policy has no levels.
      </Typography>
    );
  }
  return (
    <Stepper
      orientation="vertical"
      className={classes.stepper}
      role="list"
      aria-label="Escalation path"
    >
      {levels.map((level, index) => (
        <Step
          key={`${index}-${level.level}-${level.name}`}
          active
          expanded
          role="listitem"
          data-testid="escalation-level"
        >
          <StepLabel icon={level.level || index + 1}>{level.name}</StepLabel>
          <StepContent>
            <Typography variant="body2" data-testid="escalation-sla">
              {slaText(levels, index)}
              {level.repeat > 0 ? `, repeats ${level.repeat}×` : ''}
            </Typography>
            {level.conditions?.severity?.length ||
            level.conditions?.customerImpact ? (
              <Box mt={0.5}>
                {level.conditions.severity?.map((severity, i) => (
                  <Chip
                    key={`${i}-${severity}`}
                    label={severity}
                    size="small"
                    className={classes.chip}
                  />
                ))}
                {level.conditions.customerImpact && (
                  <Chip
                    label="customer impact"
                    size="small"
                    className={classes.chip}
                  />
                )}
              </Box>
            ) : null}
            {level.targets.map((target, i) => (
              <Target
                key={`${i}-${target.type}:${target.id}`}
                target={target}
              />
            ))}
          </StepContent>
        </Step>
      ))}
    </Stepper>
  );
};
