import Step from '@material-ui/core/Step';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Typography from '@material-ui/core/Typography';
import {
  HandoffDetails,
  handoffStateLabel,
  OPEN_HANDOFF_STATES,
} from '@service-ownership/plugin-ownership-common';
import { formatDateTime } from '../../utils/format';
import { useErrorText } from './useErrorText';

const STEPS = [...OPEN_HANDOFF_STATES, 'completed'] as const;

/**
 * The states of a handoff as steps, each open one with its due date in the
 * viewer's time zone; the current state is marked overdue when it is.
 */
export const HandoffStepper = ({ handoff }: { handoff: HandoffDetails }) => {
  const classes = useErrorText();
  const active = STEPS.indexOf(handoff.state as (typeof STEPS)[number]);
  const due = Object.fromEntries(
    handoff.schedule.map(entry => [entry.state, entry.dueAt]),
  );
  return (
    <Stepper
      activeStep={active}
      alternativeLabel
      aria-label="Handoff states"
      data-testid="handoff-stepper"
      style={{ padding: 0, background: 'transparent' }}
    >
      {STEPS.map((state, index) => {
        const current = index === active;
        const overdue = current && handoff.overdue;
        const dueAt = due[state];
        return (
          <Step
            key={state}
            completed={index < active}
            data-testid="handoff-step"
            data-state={state}
            aria-current={current ? 'step' : undefined}
          >
            <StepLabel
              error={overdue}
              optional={
                dueAt && (
                  <Typography
                    variant="caption"
                    color={overdue ? undefined : 'textSecondary'}
                    className={overdue ? classes.errorText : undefined}
                    component="div"
                    data-testid="handoff-step-due"
                  >
                    {overdue ? 'Overdue since ' : 'Due '}
                    {formatDateTime(dueAt)}
                  </Typography>
                )
              }
            >
              {/* its own colour: StepLabel's error red is below AA */}
              <span className={overdue ? classes.errorText : undefined}>
                {handoffStateLabel(state)}
              </span>
            </StepLabel>
          </Step>
        );
      })}
    </Stepper>
  );
};
