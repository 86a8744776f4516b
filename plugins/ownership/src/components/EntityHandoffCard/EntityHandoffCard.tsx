import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  EntityHandoffsResponse,
  HandoffDetails,
  isOpenHandoffState,
  readOwnershipModel,
} from '@service-ownership/plugin-ownership-common';
import { DateTime } from 'luxon';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ownershipApiRef } from '../../api';
import {
  HandoffWriteProblem,
  useEntityHandoffs,
  useHandoffWrite,
} from '../../hooks';
import { isNotFoundError } from '../../utils/errors';
import { formatDate } from '../../utils/format';
import { guardText } from '../../utils/handoffs';
import { CARD_TITLE_PROPS, SUITE_ROOT_CLASS } from '../../utils/suiteRoot';
import { RefLink } from '../RefLink';
import { Section } from '../Section';
import { OpenHandoff } from './OpenHandoff';
import { HandoffHistory } from './HandoffHistory';
import { HandoffPatchSection } from './HandoffPatchSection';
import { StartHandoffDialog } from './StartHandoffDialog';

/**
 * Props of {@link EntityHandoffCard}.
 *
 * @public
 */
export type EntityHandoffCardProps = {
  variant?: 'flex' | 'fullHeight' | 'gridItem';
  title?: string;
};

const Problem = ({ problem }: { problem: HandoffWriteProblem }) => (
  <Box mb={2}>
    <Alert severity="warning" data-testid="handoff-problem">
      <Typography variant="body2">{problem.message}</Typography>
      {problem.guards.length > 0 && (
        <ul style={{ margin: 0, paddingLeft: 16 }}>
          {problem.guards.map(guard => (
            <Typography
              key={guard.code + guard.message}
              component="li"
              variant="body2"
              data-testid="handoff-problem-guard"
            >
              {guardText(guard)}
            </Typography>
          ))}
        </ul>
      )}
    </Alert>
  </Box>
);

/** The feature ownership's transfer target, once the ownership expired. */
function useExpiredTransfer() {
  const { entity } = useEntity();
  return useMemo(() => {
    const model = readOwnershipModel(entity);
    const block = model.block;
    const expired =
      !!block?.expiresAt && DateTime.fromISO(block.expiresAt) < DateTime.now();
    return {
      owner: model.owner,
      transferTo: expired ? block?.transferTo : undefined,
      expires: block?.expires,
    };
  }, [entity]);
}

const NoOpenHandoff = (props: {
  value: EntityHandoffsResponse;
  onStart: () => void;
  transferTo?: string;
  expires?: string;
}) => {
  const { value, onStart, transferTo, expires } = props;
  return (
    <Section title="Handoff" data-testid="handoff-none">
      <Typography variant="body2" paragraph>
        No handoff is in progress.
      </Typography>
      {transferTo && (
        <Typography
          variant="body2"
          paragraph
          data-testid="handoff-transfer-due"
        >
          The feature ownership expired on {formatDate(expires)}: it is to be
          handed over to{' '}
          <RefLink entityRef={transferTo} defaultKind="group" plain />.
        </Typography>
      )}
      {value.canStart ? (
        <Button
          variant="contained"
          color="primary"
          size="small"
          onClick={onStart}
          data-testid="handoff-start"
        >
          Start handoff
        </Button>
      ) : (
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="handoff-start-denied"
        >
          {value.startDenied ?? 'You may not start a handoff of this entity.'}
        </Typography>
      )}
    </Section>
  );
};

/**
 * The ownership handoff of an entity: start one, follow its states, check
 * the checklist with evidence, take the actions allowed, see the catalog
 * change after completion, and the past handoffs.
 *
 * @public
 */
export const EntityHandoffCard = (props: EntityHandoffCardProps) => {
  const { variant, title = 'Ownership handoff' } = props;
  const api = useApi(ownershipApiRef);
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { owner, transferTo, expires } = useExpiredTransfer();
  const { value, loading, error, retry } = useEntityHandoffs(entityRef);
  // The handoff a write answered with, until the reload it triggers lands.
  const [written, setWritten] = useState<HandoffDetails>();
  const [starting, setStarting] = useState(false);
  useEffect(() => setWritten(undefined), [value]);

  const onChanged = useCallback(
    (handoff?: HandoffDetails) => {
      setWritten(handoff);
      retry();
    },
    [retry],
  );
  const { run, busy, problem } = useHandoffWrite(onChanged);

  const current = written ?? value?.current;
  const open =
    current && isOpenHandoffState(current.state) ? current : undefined;
  const completed =
    current?.state === 'completed' ? current : value?.lastCompleted;

  let content;
  if (loading && !value) {
    content = <Progress />;
  } else if (error && isNotFoundError(error)) {
    content = (
      <Typography variant="body2" color="textSecondary">
        The ownership service cannot find this entity in the catalog: it is no
        longer there, or you may not read it.
      </Typography>
    );
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (value) {
    content = (
      <>
        {problem && <Problem problem={problem} />}
        {open ? (
          <OpenHandoff
            handoff={open}
            busy={busy}
            onTransition={request =>
              run(() =>
                api.transitionHandoff(open.id, {
                  ...request,
                  version: open.version,
                }),
              )
            }
            onChecklistChange={(itemId, change) =>
              run(() =>
                api.updateHandoffChecklistItem(open.id, itemId, {
                  ...change,
                  version: open.version,
                }),
              )
            }
          />
        ) : (
          <NoOpenHandoff
            value={value}
            onStart={() => setStarting(true)}
            transferTo={transferTo}
            expires={expires}
          />
        )}
        {!open && completed && <HandoffPatchSection handoff={completed} />}
        <HandoffHistory
          history={value.history.filter(h => h.id !== open?.id)}
        />
        <StartHandoffDialog
          open={starting}
          owner={owner}
          proposedTeam={transferTo}
          durations={value?.durations}
          busy={busy}
          onStart={request => run(() => api.startHandoff(entityRef, request))}
          onClose={() => setStarting(false)}
        />
      </>
    );
  }

  return (
    <InfoCard
      titleTypographyProps={CARD_TITLE_PROPS}
      title={title}
      variant={variant}
      className={SUITE_ROOT_CLASS}
    >
      <Box data-testid="handoff-card" aria-busy={loading || busy}>
        {content}
      </Box>
    </InfoCard>
  );
};
