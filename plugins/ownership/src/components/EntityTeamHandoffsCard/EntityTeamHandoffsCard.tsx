import Box from '@material-ui/core/Box';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../../api';
import { CARD_TITLE_PROPS, SUITE_ROOT_CLASS } from '../../utils/suiteRoot';
import { HandoffsTable } from '../HandoffsTable';
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
 * For Group pages: the handoffs into and out of the team, open ones first.
 *
 * @public
 */
export const EntityTeamHandoffsCard = (props: EntityTeamHandoffsCardProps) => {
  const { variant, title = 'Handoffs', limit = 50 } = props;
  const { entity } = useEntity();
  const team = stringifyEntityRef(entity);
  const api = useApi(ownershipApiRef);
  const { value, loading, error } = useAsync(
    () => api.listHandoffs({ team, limit }),
    [api, team, limit],
  );

  let content;
  if (loading) {
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
        <Section title="Outgoing" data-testid="team-handoffs-outgoing">
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
      <Box data-testid="team-handoffs">{content}</Box>
    </InfoCard>
  );
};
