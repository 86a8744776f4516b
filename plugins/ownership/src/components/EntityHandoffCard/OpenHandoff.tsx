import Typography from '@material-ui/core/Typography';
import {
  HandoffChecklistRequest,
  HandoffDetails,
  handoffStateLabel,
  HandoffTransitionRequest,
} from '@service-ownership/plugin-ownership-common';
import { formatDate, formatDateTime } from '../../utils/format';
import { RefLink } from '../RefLink';
import { Section } from '../Section';
import { ToneChip } from '../ToneChip';
import { HandoffActions } from './HandoffActions';
import { HandoffChecklist } from './HandoffChecklist';
import { HandoffStepper } from './HandoffStepper';

/** @internal */
export type OpenHandoffProps = {
  handoff: HandoffDetails;
  busy: boolean;
  onTransition: (
    request: Omit<HandoffTransitionRequest, 'version'>,
  ) => Promise<boolean>;
  onChecklistChange: (
    itemId: string,
    change: Omit<HandoffChecklistRequest, 'version'>,
  ) => Promise<boolean>;
};

/** An open handoff: its states, checklist, issues and actions. */
export const OpenHandoff = (props: OpenHandoffProps) => {
  const { handoff, busy, onTransition, onChecklistChange } = props;
  const checkItems = handoff.actions.find(a => a.action === 'check-items');
  const done = handoff.checklist.filter(i => i.done).length;

  return (
    <>
      <Section
        title="Handoff in progress"
        data-testid="handoff-open"
        action={
          <ToneChip
            size="small"
            tone={handoff.overdue ? 'secondary' : 'primary'}
            label={`${handoffStateLabel(handoff.state)}${
              handoff.overdue ? ': overdue' : ''
            }`}
            data-testid="handoff-state"
            data-state={handoff.state}
            data-overdue={handoff.overdue}
          />
        }
      >
        <Typography variant="body2" paragraph>
          From{' '}
          <RefLink entityRef={handoff.fromTeam} defaultKind="group" plain /> to{' '}
          <RefLink entityRef={handoff.toTeam} defaultKind="group" plain />,
          started {formatDate(handoff.initiatedAt)} by{' '}
          <RefLink entityRef={handoff.initiatedBy} defaultKind="user" plain />
          {handoff.reason && `: ${handoff.reason}`}
        </Typography>
        <HandoffStepper handoff={handoff} />
        {handoff.shadowEndsAt && (
          <Typography variant="caption" color="textSecondary" component="p">
            Shadow period of {handoff.shadowDays} days until{' '}
            {formatDateTime(handoff.shadowEndsAt)}
          </Typography>
        )}
      </Section>
      {handoff.issues.length > 0 && (
        <Section title="Issues found" data-testid="handoff-issues">
          {handoff.issues.map(issue => (
            <Typography variant="body2" key={issue.at} paragraph>
              {formatDateTime(issue.at)},{' '}
              <RefLink entityRef={issue.by} defaultKind="user" plain />:{' '}
              {issue.description}
            </Typography>
          ))}
        </Section>
      )}
      <Section
        title={`Checklist (${done} of ${handoff.checklist.length})`}
        data-testid="handoff-checklist"
      >
        {checkItems && !checkItems.allowed && checkItems.denied && (
          <Typography
            variant="body2"
            color="textSecondary"
            data-testid="handoff-check-denied"
          >
            {checkItems.denied}
          </Typography>
        )}
        <HandoffChecklist
          handoff={handoff}
          canCheck={!!checkItems?.allowed}
          busy={busy}
          onChange={onChecklistChange}
        />
      </Section>
      <Section title="Actions">
        <HandoffActions
          handoff={handoff}
          busy={busy}
          onTransition={onTransition}
        />
      </Section>
    </>
  );
};
