import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useCoverageLink, useTeamOwnership } from '../../hooks';
import { isNotFoundError, isNotIndexedError } from '../../utils/errors';
import { IndexNotBuilt } from '../IndexNotBuilt';
import { OrphanReasons } from '../OrphanReasons';
import { RefLink } from '../RefLink';
import { Section } from '../Section';
import { CollaborationsList } from './CollaborationsList';
import { OwnedEntitiesTable } from './OwnedEntitiesTable';
import { RaciRolesList } from './RaciRolesList';
import { TeamOwnershipResponse } from '@service-ownership/plugin-ownership-common';
import { CARD_TITLE_PROPS, SUITE_ROOT_CLASS } from '../../utils/suiteRoot';

/**
 * Props of {@link EntityTeamOwnershipCard}.
 *
 * @public
 */
export type EntityTeamOwnershipCardProps = {
  variant?: 'flex' | 'fullHeight' | 'gridItem';
  title?: string;
};

const Gaps = ({ team }: { team: TeamOwnershipResponse }) => {
  const link = useCoverageLink({ owner: team.entityRef });
  if (team.gaps.length === 0) {
    return (
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid="team-no-gaps"
      >
        No gaps: everything the team owns has working ownership.
      </Typography>
    );
  }
  return (
    <Box data-testid="team-gaps">
      {team.gaps.map(gap => (
        <Box key={gap.entityRef} mb={1} data-testid="team-gap">
          <Typography variant="body2">
            <RefLink
              entityRef={gap.entityRef}
              title={gap.title}
              defaultKind="component"
              plain
            />
          </Typography>
          <OrphanReasons reasons={gap.reasons} />
        </Box>
      ))}
      {(team.gapsTotalCount ?? team.gaps.length) > team.gaps.length && (
        <Typography variant="caption" color="textSecondary" component="p">
          Showing {team.gaps.length} of {team.gapsTotalCount} gaps.
        </Typography>
      )}
      {link && (
        <Typography variant="body2">
          <Link to={link}>See the team's gaps on the coverage page</Link>
        </Typography>
      )}
    </Box>
  );
};

const plural = (count: number, one: string, many: string) =>
  `${count} ${count === 1 ? one : many}`;

/**
 * "Owns 14 entities, all directly.", "Owns 17 entities: 14 directly and 3
 * through 2 child teams.": only the parts that are there.
 */
export function ownedSummary(team: TeamOwnershipResponse): string {
  const total = team.ownedTotalCount ?? team.owned.length;
  if (total === 0) {
    return 'Owns nothing in the catalog.';
  }
  const owns = `Owns ${plural(total, 'entity', 'entities')}`;
  if (total > team.owned.length) {
    return `${owns}.`;
  }
  const direct = team.owned.filter(o => o.direct).length;
  const throughChildren = team.owned.length - direct;
  const childTeams = plural(
    new Set(team.owned.filter(o => !o.direct).map(o => o.owner)).size,
    'child team',
    'child teams',
  );
  if (throughChildren === 0) {
    return `${owns}, all directly.`;
  }
  if (direct === 0) {
    return `${owns}, all through ${childTeams}.`;
  }
  return `${owns}: ${direct} directly and ${throughChildren} through ${childTeams}.`;
}

const TeamOwnership = ({ team }: { team: TeamOwnershipResponse }) => {
  const total = team.ownedTotalCount ?? team.owned.length;
  const collaborations = team.collaborations ?? [];
  return (
    <>
      <Typography variant="body2" paragraph data-testid="team-summary">
        {ownedSummary(team)} {plural(team.memberCount, 'member', 'members')}.
      </Typography>
      <Section title="Owned" data-testid="team-owned-section">
        <OwnedEntitiesTable
          owned={team.owned}
          hasChildGroups={team.childGroups.length > 0}
        />
        {total > team.owned.length && (
          <Typography variant="caption" color="textSecondary">
            Showing {team.owned.length} of {total}.
          </Typography>
        )}
      </Section>
      {collaborations.length > 0 && (
        <Section title="Collaborates on" data-testid="team-collaborations">
          <CollaborationsList collaborations={collaborations} />
        </Section>
      )}
      <Section title="RACI roles" data-testid="team-raci-section">
        <RaciRolesList roles={team.raciRoles} />
      </Section>
      <Section title="Escalation policies" data-testid="team-policies">
        {team.escalationPolicies.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            The team is on no escalation policy.
          </Typography>
        ) : (
          <Box component="ul" m={0} pl={2}>
            {team.escalationPolicies.map(policy => (
              <li
                key={`${policy.policyRef}-${policy.as}`}
                data-testid="team-policy"
              >
                <RefLink
                  entityRef={policy.policyRef}
                  defaultKind="escalationpolicy"
                  plain
                />{' '}
                <Typography
                  variant="body2"
                  component="span"
                  color="textSecondary"
                >
                  {policy.as === 'owner'
                    ? '(owner)'
                    : `(target of ${policy.levels.join(', ')})`}
                </Typography>
              </li>
            ))}
          </Box>
        )}
      </Section>
      <Section title="Gaps" data-testid="team-gaps-section">
        <Gaps team={team} />
      </Section>
    </>
  );
};

/**
 * For Group pages: what the team owns directly and through child teams,
 * its RACI roles, the escalation policies it is on and its ownership gaps.
 *
 * @public
 */
export const EntityTeamOwnershipCard = (
  props: EntityTeamOwnershipCardProps,
) => {
  const { variant, title = 'Team ownership' } = props;
  const { entity } = useEntity();
  const groupRef = stringifyEntityRef(entity);
  const { value, loading, error } = useTeamOwnership(groupRef);

  let content;
  if (loading && !value) {
    content = <Progress />;
  } else if (isNotIndexedError(error)) {
    content = <IndexNotBuilt compact />;
  } else if (error && isNotFoundError(error)) {
    content = (
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid="team-not-indexed"
      >
        The ownership service has no data for this team yet.
      </Typography>
    );
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (value) {
    content = <TeamOwnership team={value} />;
  }

  return (
    <InfoCard
      titleTypographyProps={CARD_TITLE_PROPS}
      title={title}
      variant={variant}
      className={SUITE_ROOT_CLASS}
    >
      <Box data-testid="team-ownership-card">{content}</Box>
    </InfoCard>
  );
};
