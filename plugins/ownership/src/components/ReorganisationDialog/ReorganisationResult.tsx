import Typography from '@material-ui/core/Typography';
import {
  handoffStateLabel,
  ReorganisationResponse,
} from '@service-ownership/plugin-ownership-common';
import { useEffect, useRef } from 'react';
import { RefLink } from '../RefLink';

/** @internal */
export type ReorganisationResultProps = {
  result: ReorganisationResponse;
};

/**
 * The handoffs a reorganisation started, each linked to its entity's page,
 * where its handoff card follows it.
 */
export const ReorganisationResult = ({ result }: ReorganisationResultProps) => {
  const count = result.handoffs.length;
  const toTeam = result.handoffs[0]?.toTeam;
  // The form the focus was in is gone: the outcome takes the focus, which
  // also has screen readers read it.
  const outcome = useRef<HTMLParagraphElement>(null);
  useEffect(() => outcome.current?.focus(), []);
  return (
    <>
      <Typography
        variant="body1"
        paragraph
        ref={outcome}
        tabIndex={-1}
        data-testid="reorganisation-done"
      >
        {count} {count === 1 ? 'handoff' : 'handoffs'} started
        {toTeam && (
          <>
            {' '}
            to <RefLink entityRef={toTeam} defaultKind="group" plain />
          </>
        )}
        .
      </Typography>
      <ul data-testid="reorganisation-handoffs">
        {result.handoffs.map(handoff => (
          <Typography
            key={handoff.id}
            component="li"
            variant="body2"
            data-testid="reorganisation-handoff"
            data-id={handoff.id}
          >
            <RefLink
              entityRef={handoff.entityRef}
              defaultKind="component"
              plain
            />
            : {handoffStateLabel(handoff.state)}
          </Typography>
        ))}
      </ul>
      <Typography variant="caption" color="textSecondary" component="p">
        Reorganisation {result.reorganisationId}. Each handoff goes on from its
        entity's page.
      </Typography>
    </>
  );
};
