import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ownershipApiRef } from '../../api';
import { CARD_TITLE_PROPS, SUITE_ROOT_CLASS } from '../../utils/suiteRoot';
import { HandoffsTable } from '../HandoffsTable';
import { ReorganisationDialog } from '../ReorganisationDialog';
import { Section } from '../Section';

/**
 * Props of {@link EntityTeamHandoffsCard}.
 *
 * @public
 */
export type EntityTeamHandoffsCardProps = {
  variant?: 'flex' | 'fullHeight' | 'gridItem';
  title?: string;
  /** How many recent handoffs to list; defaults to 50. */
  limit?: number;
};

/**
 * The services a group owns through its spec.owner, the ones a
 * reorganisation may hand over (the backend takes one owning team); none
 * for other kinds, or while the ownership index cannot say.
 */
function useOwnedServices(entityRef: string, isGroup: boolean) {
  const api = useApi(ownershipApiRef);
  const { value } = useAsync(
    async () => (isGroup ? api.getTeamOwnership(entityRef) : undefined),
    [api, entityRef, isGroup],
  );
  return useMemo(
    () => ({
      services: (value?.owned ?? []).filter(
        o => o.direct && o.kind.toLocaleLowerCase('en-US') === 'component',
      ),
      incomplete: !!value && (value.ownedTotalCount ?? 0) > value.owned.length,
    }),
    [value],
  );
}

/**
 * For Group pages: the handoffs into and out of the team, open ones first,
 * and a reorganisation handing several of the team's services over at once.
 *
 * @public
 */
export const EntityTeamHandoffsCard = (props: EntityTeamHandoffsCardProps) => {
  const { variant, title = 'Handoffs', limit = 50 } = props;
  const { entity } = useEntity();
  const team = stringifyEntityRef(entity);
  const api = useApi(ownershipApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.listHandoffs({ team, limit }),
    [api, team, limit],
  );
  const owned = useOwnedServices(
    team,
    entity.kind.toLocaleLowerCase('en-US') === 'group',
  );
  const [reorganising, setReorganising] = useState(false);

  let content;
  if (loading && !value) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (value) {
    const incoming = value.items.filter(i => i.toTeam === team);
    const outgoing = value.items.filter(i => i.fromTeam === team);
    content = (
      <>
        <Section title="Incoming" data-testid="team-handoffs-incoming">
          <HandoffsTable
            items={incoming}
            caption="Incoming handoffs"
            emptyText="No handoffs to this team."
          />
        </Section>
        <Section
          title="Outgoing"
          data-testid="team-handoffs-outgoing"
          action={
            owned.services.length > 0 && (
              <Button
                size="small"
                color="primary"
                variant="outlined"
                aria-haspopup="dialog"
                onClick={() => setReorganising(true)}
                data-testid="team-handoffs-reorganise"
              >
                Hand over services…
              </Button>
            )
          }
        >
          <HandoffsTable
            items={outgoing}
            caption="Outgoing handoffs"
            emptyText="No handoffs from this team."
          />
        </Section>
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
      <Box data-testid="team-handoffs" aria-busy={loading}>
        {content}
      </Box>
      <ReorganisationDialog
        open={reorganising}
        team={team}
        services={owned.services}
        incomplete={owned.incomplete}
        onStarted={retry}
        onClose={() => setReorganising(false)}
      />
    </InfoCard>
  );
};
