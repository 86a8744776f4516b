import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import Typography from '@material-ui/core/Typography';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ReportProblemIcon from '@material-ui/icons/ReportProblemOutlined';
import { Link } from '@backstage/core-components';
import {
  HandoffChecklistItem,
  HandoffChecklistRequest,
  HandoffDetails,
  HandoffEvidenceStatus,
} from '@service-ownership/plugin-ownership-common';
import { useState } from 'react';
import { formatDateTime } from '../../utils/format';
import { DialogField, FieldsDialog } from '../FieldsDialog';
import { RefLink } from '../RefLink';
import { useErrorText } from './useErrorText';

const Evidence = ({ evidence }: { evidence: HandoffEvidenceStatus }) => {
  const classes = useErrorText();
  return (
    <Box
      display="flex"
      alignItems="center"
      gridGap={4}
      data-testid="handoff-evidence"
      data-satisfied={evidence.satisfied}
    >
      {evidence.satisfied ? (
        <CheckCircleIcon fontSize="small" color="primary" aria-hidden />
      ) : (
        <ReportProblemIcon fontSize="small" color="error" aria-hidden />
      )}
      <Typography
        variant="caption"
        color={evidence.satisfied ? 'textPrimary' : undefined}
        className={evidence.satisfied ? undefined : classes.errorText}
      >
        {evidence.satisfied ? 'Evidence: ' : 'Evidence missing: '}
        {evidence.url ? (
          <Link to={evidence.url}>{evidence.detail}</Link>
        ) : (
          evidence.detail
        )}
      </Typography>
    </Box>
  );
};

const ItemRecord = ({ item }: { item: HandoffChecklistItem }) => (
  <>
    {item.doneBy && item.doneAt && (
      <Typography
        variant="caption"
        color="textSecondary"
        component="div"
        data-testid="handoff-item-who"
      >
        {item.done ? 'Checked' : 'Unchecked'} by{' '}
        <RefLink entityRef={item.doneBy} defaultKind="user" plain /> on{' '}
        {formatDateTime(item.doneAt)}
      </Typography>
    )}
    {item.link && (
      <Typography variant="caption" component="div">
        <Link to={item.link}>{item.link}</Link>
      </Typography>
    )}
    {item.comment && (
      <Typography variant="caption" component="div">
        “{item.comment}”
      </Typography>
    )}
    {item.justification && (
      <Typography
        variant="caption"
        component="div"
        data-testid="handoff-item-justification"
      >
        Checked without evidence: {item.justification}
      </Typography>
    )}
  </>
);

/** @internal */
export type HandoffChecklistProps = {
  handoff: HandoffDetails;
  /** Whether the viewer may check items now. */
  canCheck: boolean;
  busy: boolean;
  onChange: (
    itemId: string,
    change: Omit<HandoffChecklistRequest, 'version'>,
  ) => Promise<boolean>;
};

/**
 * The checklist with who checked what when, the evidence beside each gated
 * item, and a dialog for the link, comment and (when the evidence is
 * missing) the written justification of a check.
 */
export const HandoffChecklist = (props: HandoffChecklistProps) => {
  const { handoff, canCheck, busy, onChange } = props;
  const [checking, setChecking] = useState<HandoffChecklistItem>();
  const evidence = checking ? handoff.evidence[checking.id] : undefined;
  const needsJustification = !!checking?.evidence && !evidence?.satisfied;
  const fields: DialogField[] = [
    ...(needsJustification
      ? [
          {
            name: 'justification',
            label: 'Justification',
            required: true,
            multiline: true,
            helperText: 'Why the item is done although its evidence is missing',
          },
        ]
      : []),
    { name: 'link', label: 'Link (optional)', type: 'url' as const },
    { name: 'comment', label: 'Comment (optional)', multiline: true },
  ];

  return (
    <>
      <Box component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {handoff.checklist.map(item => {
          const labelId = `handoff-item-${handoff.id}-${item.id}`;
          return (
            <Box
              component="li"
              key={item.id}
              display="flex"
              alignItems="flex-start"
              mb={1}
              data-testid="handoff-item"
              data-item={item.id}
            >
              <Checkbox
                checked={item.done}
                disabled={!canCheck || busy}
                inputProps={{ 'aria-labelledby': labelId }}
                onChange={event =>
                  event.target.checked
                    ? setChecking(item)
                    : onChange(item.id, { done: false })
                }
                size="small"
                color="primary"
              />
              <Box pt={1}>
                <Typography variant="body2" id={labelId}>
                  {item.label}
                </Typography>
                {item.description && (
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    component="div"
                  >
                    {item.description}
                  </Typography>
                )}
                {handoff.evidence[item.id] && (
                  <Evidence evidence={handoff.evidence[item.id]} />
                )}
                <ItemRecord item={item} />
              </Box>
            </Box>
          );
        })}
      </Box>
      <FieldsDialog
        open={!!checking}
        title={`Check “${checking?.label ?? ''}”`}
        description={
          needsJustification
            ? `The suite finds no evidence for this item (${
                evidence?.detail ?? 'none found'
              }). Checking it anyway needs a written justification, which the audit trail keeps.`
            : 'Add a link or a comment as evidence, if you have one.'
        }
        fields={fields}
        submitLabel="Check item"
        busy={busy}
        onSubmit={async values => {
          // The card shows a refusal; the dialog closes either way.
          await onChange(checking!.id, {
            done: true,
            ...(values.link ? { link: values.link } : {}),
            ...(values.comment ? { comment: values.comment } : {}),
            ...(values.justification
              ? { justification: values.justification }
              : {}),
          });
          return true;
        }}
        onClose={() => setChecking(undefined)}
      />
    </>
  );
};
