import Typography from '@material-ui/core/Typography';
import { EmptyState } from '@backstage/core-components';

const TITLE = 'The ownership index has not been built yet';
const DESCRIPTION =
  'The ownership backend reads the catalog into its index shortly after it starts, then on a schedule. This view fills in after the first refresh: reload in a minute.';

/**
 * What a view that reads the ownership index shows before its first
 * refresh (the backend answers 503 until then): a page-wide empty state,
 * or a line of text inside a card.
 */
export const IndexNotBuilt = ({ compact }: { compact?: boolean }) =>
  compact ? (
    <Typography
      variant="body2"
      color="textSecondary"
      data-testid="index-not-built"
    >
      {TITLE}. {DESCRIPTION}
    </Typography>
  ) : (
    <div data-testid="index-not-built">
      <EmptyState missing="data" title={TITLE} description={DESCRIPTION} />
    </div>
  );
