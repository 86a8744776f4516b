import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { EntityRaciSummary } from '@service-ownership/plugin-ownership-common';
import { useEntityOwnership } from '../../hooks';
import { isNotFoundError } from '../../utils/errors';
import { raciMatrixSnippet } from '../../utils/snippets';
import { RaciMatrixTable } from '../RaciMatrixTable';
import { RefLink } from '../RefLink';
import { Section } from '../Section';
import { YamlSnippet } from '../YamlSnippet';
import { CARD_TITLE_PROPS, SUITE_ROOT_CLASS } from '../../utils/suiteRoot';

/**
 * Props of {@link EntityRaciCard}.
 *
 * @public
 */
export type EntityRaciCardProps = {
  variant?: 'flex' | 'fullHeight' | 'gridItem';
  title?: string;
};

const NoMatrix = ({ entityRef }: { entityRef: string }) => (
  <Box data-testid="raci-empty">
    <Typography variant="body2" paragraph>
      No RACI matrix applies to this entity. Add a RaciMatrix entity that lists
      it in <code>spec.appliesTo</code>:
    </Typography>
    <YamlSnippet text={raciMatrixSnippet(entityRef)} />
  </Box>
);

const MatrixSection = ({ summary }: { summary: EntityRaciSummary }) => (
  <Section
    title={
      <RefLink
        entityRef={summary.matrixRef}
        title={summary.title}
        defaultKind="racimatrix"
        plain
      />
    }
    data-testid="raci-summary"
  >
    <RaciMatrixTable
      rows={summary.activities}
      findings={summary.findings}
      title={`RACI matrix ${summary.title ?? summary.matrixRef}`}
      maxHeight={400}
    />
  </Section>
);

/**
 * The RACI matrices that apply to the entity, with their rule violations.
 *
 * @public
 */
export const EntityRaciCard = (props: EntityRaciCardProps) => {
  const { variant, title = 'RACI' } = props;
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error } = useEntityOwnership(entityRef);

  let content;
  if (loading && !value) {
    content = <Progress />;
  } else if (error && !isNotFoundError(error)) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value || value.raci.length === 0) {
    content = <NoMatrix entityRef={entityRef} />;
  } else {
    content = value.raci.map(summary => (
      <MatrixSection key={summary.matrixRef} summary={summary} />
    ));
  }

  return (
    <InfoCard
      titleTypographyProps={CARD_TITLE_PROPS}
      title={title}
      variant={variant}
      className={SUITE_ROOT_CLASS}
    >
      <Box data-testid="raci-card">{content}</Box>
    </InfoCard>
  );
};
