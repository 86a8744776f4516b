import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { OwnershipCollaborator } from '@service-ownership/plugin-ownership-common';
import { RefLink } from '../RefLink';
import { Section } from '../Section';

/** A collaborator or transfer target, marked when not in the catalog. */
export const CollaboratorLink = ({ who }: { who: OwnershipCollaborator }) => (
  <>
    <RefLink
      entityRef={who.entityRef}
      title={who.displayName}
      defaultKind={who.kind === 'User' ? 'user' : 'group'}
      plain
    />
    {!who.exists && (
      <Typography variant="body2" component="span" color="error">
        {' '}
        (not in the catalog)
      </Typography>
    )}
  </>
);

/**
 * Teams and people who work on the entity beside its owner. They are never
 * the owner, and the card says so.
 */
export const CollaboratorsSection = ({
  collaborators,
}: {
  collaborators: OwnershipCollaborator[];
}) => (
  <Section title="Collaborators" data-testid="ownership-collaborators">
    <Typography variant="caption" color="textSecondary" component="p">
      They work on it beside the owner; the owner above stays accountable.
    </Typography>
    <Box component="ul" m={0} pl={2}>
      {collaborators.map((who, index) => (
        <Typography
          variant="body2"
          component="li"
          key={`${index}-${who.entityRef}`}
          data-testid="ownership-collaborator"
        >
          <CollaboratorLink who={who} />
        </Typography>
      ))}
    </Box>
  </Section>
);
