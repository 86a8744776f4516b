import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import { RefLink } from '../RefLink';
import { OwnershipTeam } from '@service-ownership/plugin-ownership-common';
import { PersonLink } from '../PersonLink';
import { Section } from '../Section';

const MAX_MEMBERS = 6;

/** @internal */
export type OwnerSectionProps = {
  /** The resolved owner team; undefined when the entity has no owner. */
  owner?: OwnershipTeam;
  /** `spec.owner` as written, when nothing could be resolved. */
  specOwner?: string;
  /** Namespace of the entity, the default for a short spec.owner. */
  namespace?: string;
  /** Show team members as contacts (when no contacts are named). */
  showMembers: boolean;
};

/**
 * The owner team linked, with its e-mail, parents and (optionally) members.
 */
export const OwnerSection = (props: OwnerSectionProps) => {
  const { owner, specOwner, namespace, showMembers } = props;
  const ref = owner?.entityRef ?? specOwner;
  // Counted as the index counts them: a member ref that matches no user is
  // no member, so a team of dangling refs has 0 members, as its
  // owner-no-members finding says.
  const members = owner?.members.filter(m => m.exists) ?? [];
  const notFound = (owner?.members.length ?? 0) - members.length;

  return (
    <Section title="Owner" data-testid="ownership-owner">
      {!ref && (
        <Typography
          variant="body2"
          color="error"
          data-testid="ownership-no-owner"
        >
          This entity has no owner. Set spec.owner to the team accountable for
          it.
        </Typography>
      )}
      {ref && (
        <Typography variant="h6" component="p">
          <RefLink
            entityRef={ref}
            defaultKind="group"
            defaultNamespace={namespace}
          />
        </Typography>
      )}
      {owner && !owner.exists && (
        <Typography variant="body2" color="error">
          {owner.entityRef} is not in the catalog.
        </Typography>
      )}
      {owner?.exists && (
        <Typography variant="body2" color="textSecondary">
          <span data-testid="ownership-member-count">
            {members.length === 1 ? '1 member' : `${members.length} members`}
            {notFound > 0 &&
              ` (${notFound} more named but not found in the catalog)`}
          </span>
          {owner.parents.length > 0 && (
            <>
              {', part of '}
              {owner.parents.map((parent, index) => (
                <span key={parent.entityRef}>
                  {index > 0 && ' › '}
                  <RefLink
                    entityRef={parent.entityRef}
                    title={parent.displayName}
                    defaultKind="group"
                    plain
                  />
                </span>
              ))}
            </>
          )}
          {owner.email && (
            <>
              {' · '}
              <Link to={`mailto:${owner.email}`}>{owner.email}</Link>
            </>
          )}
        </Typography>
      )}
      {showMembers && members.length > 0 && (
        <Box
          mt={1}
          display="flex"
          flexWrap="wrap"
          gridGap={12}
          aria-label="Team members"
          role="list"
        >
          {members.slice(0, MAX_MEMBERS).map((member, index) => (
            <div role="listitem" key={`${index}-${member.entityRef}`}>
              <PersonLink person={member} size="small" />
            </div>
          ))}
          {members.length > MAX_MEMBERS && (
            <Typography variant="body2" color="textSecondary" role="listitem">
              and {members.length - MAX_MEMBERS} more
            </Typography>
          )}
        </Box>
      )}
    </Section>
  );
};
