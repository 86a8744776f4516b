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
import { isNotFoundError } from '../../utils/errors';
import { OrphanReasons } from '../OrphanReasons';
import { RefLink } from '../RefLink';
import { Section } from '../Section';
import { OwnedEntitiesTable } from './OwnedEntitiesTable';
import { RaciRolesList } from './RaciRolesList';
import { TeamOwnershipResponse } from '@service-ownership/plugin-ownership-common';

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

const TeamOwnership = ({ team }: { team: TeamOwnershipResponse }) => {
  const direct = team.owned.filter(o => o.direct).length;
  const total = team.ownedTotalCount ?? team.owned.length;
  return (
    <>
      <Typography variant="body2" paragraph data-testid="team-summary">
        Owns {total} {total === 1 ? 'entity' : 'entities'}
        {total === team.owned.length &&
          `: ${direct} directly and ${team.owned.length - direct} through ${
            team.childGroups.length
          } ${team.childGroups.length === 1 ? 'child team' : 'child teams'}`}
        . {team.memberCount} {team.memberCount === 1 ? 'member' : 'members'}.
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
    <InfoCard title={title} variant={variant}>
      <Box data-testid="team-ownership-card">{content}</Box>
    </InfoCard>
  );
};
