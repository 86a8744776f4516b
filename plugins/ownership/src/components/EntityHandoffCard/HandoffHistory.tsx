import Typography from '@material-ui/core/Typography';
import {
  Handoff,
  handoffStateLabel,
} from '@service-ownership/plugin-ownership-common';
import { formatDate } from '../../utils/format';
import { RefLink } from '../RefLink';
import { Section } from '../Section';

/** The entity's past handoffs, newest first. */
export const HandoffHistory = ({ history }: { history: Handoff[] }) => {
  if (!history.length) {
    return null;
  }
  return (
    <Section title="History" data-testid="handoff-history">
      <ul style={{ margin: 0, paddingLeft: 16 }}>
        {history.map(handoff => (
          <Typography
            component="li"
            variant="body2"
            key={handoff.id}
            data-testid="handoff-history-item"
            data-state={handoff.state}
          >
            <RefLink entityRef={handoff.fromTeam} defaultKind="group" plain /> →{' '}
            <RefLink entityRef={handoff.toTeam} defaultKind="group" plain />:{' '}
            {handoffStateLabel(handoff.state)}
            {handoff.forced && ' (forced)'}, started{' '}
            {formatDate(handoff.initiatedAt)}
            {handoff.closedAt && `, closed ${formatDate(handoff.closedAt)}`}
            {handoff.closeReason && ` — ${handoff.closeReason}`}
          </Typography>
        ))}
      </ul>
    </Section>
  );
};
