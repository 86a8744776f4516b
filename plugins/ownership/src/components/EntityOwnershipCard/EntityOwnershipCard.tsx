import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { readOwnershipModel } from '@service-ownership/plugin-ownership-common';
import { useMemo } from 'react';
import { useEntityOwnership } from '../../hooks';
import { isNotFoundError } from '../../utils/errors';
import { OwnerSection } from './OwnerSection';
import { OwnershipBlockHint } from './OwnershipBlockHint';
import { OwnershipDetails } from './OwnershipDetails';
import { PastOwners } from '../OwnershipHistory';
import { RecentIncidents } from '../RecentIncidents';
import { CARD_TITLE_PROPS, SUITE_ROOT_CLASS } from '../../utils/suiteRoot';

/**
 * Props of {@link EntityOwnershipCard}.
 *
 * @public
 */
export type EntityOwnershipCardProps = {
  variant?: 'flex' | 'fullHeight' | 'gridItem';
  title?: string;
};

/**
 * Who owns the entity, how to reach them, how escalation goes, who is on
 * call, when ownership was last verified and what is wrong with it.
 *
 * @public
 */
export const EntityOwnershipCard = (props: EntityOwnershipCardProps) => {
  const { variant, title = 'Ownership' } = props;
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const model = useMemo(() => readOwnershipModel(entity), [entity]);
  // A malformed owner is still shown as written.
  const written = model.refs.find(r => r.role === 'owner')?.written;
  const specOwner =
    model.owner ?? (typeof written === 'string' ? written : undefined);
  const { value, loading, error, retry } = useEntityOwnership(entityRef);

  let content;
  if (loading && !value) {
    content = <Progress />;
  } else if (error && isNotFoundError(error)) {
    // The resolver reads the catalog live: a 404 means the catalog does not
    // hold the entity (any more) or the caller may not read it. What the
    // entity page itself holds is still useful.
    content = (
      <>
        <Typography
          variant="body2"
          color="textSecondary"
          paragraph
          data-testid="ownership-not-found"
        >
          The ownership service cannot find this entity in the catalog: it is no
          longer there, or you may not read it.
        </Typography>
        <OwnerSection
          specOwner={specOwner}
          namespace={entity.metadata.namespace}
          showMembers={false}
        />
        {!model.block && <OwnershipBlockHint owner={specOwner} />}
      </>
    );
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (value) {
    content = (
      <OwnershipDetails
        ownership={value}
        specOwner={specOwner}
        namespace={entity.metadata.namespace}
        onVerified={retry}
      />
    );
  }
  // Asked only once the card has its data, each on its own.
  const extras = value && (
    <>
      <RecentIncidents entityRef={entityRef} />
      <PastOwners entityRef={entityRef} />
    </>
  );

  return (
    <InfoCard
      titleTypographyProps={CARD_TITLE_PROPS}
      title={title}
      variant={variant}
      className={SUITE_ROOT_CLASS}
    >
      <Box data-testid="ownership-card" aria-busy={loading}>
        {content}
        {extras}
      </Box>
    </InfoCard>
  );
};
