import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import {
  HandoffAction,
  HandoffActionAvailability,
  HandoffDetails,
  HandoffTransitionRequest,
} from '@service-ownership/plugin-ownership-common';
import { useState } from 'react';
import { actionLabel, guardText } from '../../utils/handoffs';
import { DialogField, FieldsDialog } from '../FieldsDialog';

type TextAction = 'roll-back' | 'report-issues' | 'force-close';

const DIALOGS: Record<
  TextAction,
  { title: string; description: string; field: DialogField; submit: string }
> = {
  'roll-back': {
    title: 'Roll back the handoff',
    description:
      'The current owner keeps the entity. Say why: both teams are told, and the audit trail keeps the reason.',
    field: { name: 'reason', label: 'Reason', required: true, multiline: true },
    submit: 'Roll back',
  },
  'report-issues': {
    title: 'Report issues found in validation',
    description:
      'The handoff goes back to the shadow period, which starts again. Say what was found.',
    field: {
      name: 'issues',
      label: 'What was found',
      required: true,
      multiline: true,
    },
    submit: 'Report issues',
  },
  'force-close': {
    title: 'Force close the handoff',
    description:
      'As an ownership admin you close this stuck handoff; it is marked forced. Say why.',
    field: { name: 'reason', label: 'Reason', required: true, multiline: true },
    submit: 'Force close',
  },
};

const ORDER: HandoffAction[] = [
  'advance',
  'report-issues',
  'complete',
  'roll-back',
  'force-close',
];

/** Why an action is not available, in words. */
function unmet(availability: HandoffActionAvailability): string[] {
  return [
    ...(availability.denied ? [availability.denied] : []),
    ...availability.guards.map(guardText),
  ];
}

/** @internal */
export type HandoffActionsProps = {
  handoff: HandoffDetails;
  busy: boolean;
  onTransition: (
    request: Omit<HandoffTransitionRequest, 'version'>,
  ) => Promise<boolean>;
};

/**
 * The actions the server says the viewer may take, as buttons; those not
 * available now are disabled with their unmet guards spelled out beside
 * them.
 */
export const HandoffActions = (props: HandoffActionsProps) => {
  const { handoff, busy, onTransition } = props;
  const [dialog, setDialog] = useState<TextAction>();
  const actions = ORDER.flatMap(action => {
    const found = handoff.actions.find(a => a.action === action);
    return found ? [{ ...found, action }] : [];
  });
  if (!actions.length) {
    return null;
  }
  const current = dialog ? DIALOGS[dialog] : undefined;

  return (
    <Box data-testid="handoff-actions">
      {actions.map(availability => {
        const reasons = unmet(availability);
        const id = `handoff-${handoff.id}-${availability.action}-unmet`;
        return (
          <Box
            key={availability.action}
            mb={1}
            data-testid="handoff-action"
            data-action={availability.action}
          >
            <Button
              variant={
                availability.action === 'roll-back' ||
                availability.action === 'force-close'
                  ? 'outlined'
                  : 'contained'
              }
              color="primary"
              size="small"
              disabled={!availability.allowed || busy}
              aria-describedby={reasons.length ? id : undefined}
              onClick={() =>
                availability.action in DIALOGS
                  ? setDialog(availability.action as TextAction)
                  : onTransition({ action: availability.action })
              }
            >
              {actionLabel(availability.action, handoff.state)}
            </Button>
            {reasons.length > 0 && (
              <Box
                component="ul"
                id={id}
                m={0}
                pl={2}
                data-testid="handoff-action-unmet"
              >
                {reasons.map(reason => (
                  <Typography
                    key={reason}
                    component="li"
                    variant="caption"
                    color="textSecondary"
                  >
                    {reason}
                  </Typography>
                ))}
              </Box>
            )}
          </Box>
        );
      })}
      {current && dialog && (
        <FieldsDialog
          open
          title={current.title}
          description={current.description}
          fields={[current.field]}
          submitLabel={current.submit}
          busy={busy}
          onSubmit={async values => {
            await onTransition({
              action: dialog,
              [current.field.name]: values[current.field.name],
            });
            return true;
          }}
          onClose={() => setDialog(undefined)}
        />
      )}
    </Box>
  );
};
