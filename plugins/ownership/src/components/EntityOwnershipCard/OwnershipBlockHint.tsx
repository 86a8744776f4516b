import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ownershipBlockSnippet } from '../../utils/snippets';
import { YamlSnippet } from '../YamlSnippet';

/**
 * How to add an ownership block to catalog-info.yaml.
 */
export const OwnershipBlockHint = ({ owner }: { owner?: string }) => (
  <Box
    data-testid="ownership-block-hint"
    mt={2}
    minWidth={0}
    style={{ overflowWrap: 'anywhere', wordBreak: 'break-word' }}
  >
    <Typography variant="body2" paragraph>
      This entity has no ownership block yet, so only its owner team is known.
      Add <code>spec.ownership</code> to its catalog-info.yaml to name contacts,
      a tier and an escalation policy:
    </Typography>
    <YamlSnippet text={ownershipBlockSnippet(owner)} />
  </Box>
);
