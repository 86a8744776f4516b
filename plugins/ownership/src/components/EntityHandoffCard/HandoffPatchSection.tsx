import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import { HandoffDetails } from '@service-ownership/plugin-ownership-common';
import { ToneChip } from '../ToneChip';
import { YamlSnippet } from '../YamlSnippet';
import { RefLink } from '../RefLink';
import { Section } from '../Section';

/**
 * After a completed handoff: the change catalog-info.yaml needs, to copy,
 * the file's edit link, and whether the catalog already has it.
 */
export const HandoffPatchSection = ({
  handoff,
}: {
  handoff: HandoffDetails;
}) => {
  const { patch } = handoff;
  if (!patch) {
    return null;
  }
  return (
    <Section
      title="Catalog change"
      data-testid="handoff-patch"
      action={
        <ToneChip
          size="small"
          tone={patch.applied ? 'primary' : 'secondary'}
          label={patch.applied ? 'Applied' : 'Not applied yet'}
          data-testid="handoff-patch-status"
          data-applied={patch.applied}
        />
      }
    >
      <Typography variant="body2" paragraph>
        {patch.applied ? (
          <>
            The catalog names{' '}
            <RefLink entityRef={handoff.toTeam} defaultKind="group" plain /> as
            owner.
          </>
        ) : (
          <>
            The handoff to{' '}
            <RefLink entityRef={handoff.toTeam} defaultKind="group" plain /> is
            complete, but catalog-info.yaml still names the old owner. Apply
            this change to it:
          </>
        )}
      </Typography>
      <YamlSnippet text={patch.diff} aria-label="Change to catalog-info.yaml" />
      {patch.editUrl && (
        <Box mt={1}>
          <Typography variant="body2">
            <Link to={patch.editUrl} data-testid="handoff-patch-edit">
              Edit catalog-info.yaml
            </Link>
          </Typography>
        </Box>
      )}
    </Section>
  );
};
