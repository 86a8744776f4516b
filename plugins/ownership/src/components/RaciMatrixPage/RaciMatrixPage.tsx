import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { EmptyState, InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  checkOwnershipRules,
  isRaciMatrixEntity,
  OwnershipModel,
  RaciMatrixEntityV1alpha1,
  readOwnershipModel,
} from '@service-ownership/plugin-ownership-common';
import { useMemo } from 'react';
import { countParticipants, RaciMatrixTable } from '../RaciMatrixTable';
import { RefLink } from '../RefLink';
import { ToneChip } from '../ToneChip';
import { CARD_TITLE_PROPS, SUITE_ROOT_CLASS } from '../../utils/suiteRoot';

const Summary = (props: {
  entity: RaciMatrixEntityV1alpha1;
  model: OwnershipModel;
}) => {
  const { entity, model } = props;
  const namespace = entity.metadata.namespace;
  const appliesTo = model.appliesTo;
  return (
    <Box mb={2} data-testid="raci-matrix-summary">
      {entity.metadata.description && (
        <Typography variant="body1" paragraph>
          {entity.metadata.description}
        </Typography>
      )}
      <Typography variant="body2">
        Owner:{' '}
        {model.owner ? (
          <RefLink
            entityRef={model.owner}
            defaultKind="group"
            defaultNamespace={namespace}
          />
        ) : (
          'none'
        )}
      </Typography>
      <Typography variant="body2" component="div">
        Applies to:{' '}
        {appliesTo.length === 0
          ? 'nothing yet (spec.appliesTo is empty)'
          : appliesTo.map((ref, index) => (
              <span key={ref}>
                {index > 0 && ', '}
                <RefLink
                  entityRef={ref}
                  defaultKind="component"
                  defaultNamespace={namespace}
                  plain
                />
              </span>
            ))}
      </Typography>
    </Box>
  );
};

const RuleSummary = ({
  errors,
  warnings,
}: {
  errors: number;
  warnings: number;
}) => (
  <Box display="flex" gridGap={8} mb={1} data-testid="raci-rule-summary">
    {errors + warnings === 0 && (
      <ToneChip size="small" label="All RACI rules pass" tone="primary" />
    )}
    {errors > 0 && (
      <ToneChip
        size="small"
        tone="secondary"
        label={`${errors} rule ${errors === 1 ? 'violation' : 'violations'}`}
      />
    )}
    {warnings > 0 && (
      <ToneChip
        size="small"
        label={`${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`}
      />
    )}
  </Box>
);

const RaciMatrixView = ({ entity }: { entity: RaciMatrixEntityV1alpha1 }) => {
  const namespace = entity.metadata.namespace;
  const model = useMemo(() => readOwnershipModel(entity), [entity]);
  const rows = model.activities;
  const findings = useMemo(() => checkOwnershipRules(entity), [entity]);
  const participants = useMemo(
    () => countParticipants(rows, namespace),
    [rows, namespace],
  );
  const title = entity.metadata.title ?? entity.metadata.name;
  const errors = findings.filter(f => f.severity === 'error').length;

  return (
    <InfoCard
      titleTypographyProps={CARD_TITLE_PROPS}
      className={SUITE_ROOT_CLASS}
      title={title}
      subheader={`${rows.length} activities × ${participants} participants`}
    >
      <Box data-testid="raci-matrix-page">
        <Summary entity={entity} model={model} />
        <RuleSummary errors={errors} warnings={findings.length - errors} />
        <RaciMatrixTable
          rows={rows}
          findings={findings}
          title={`RACI matrix ${title}`}
          defaultNamespace={namespace}
          maxHeight="70vh"
        />
      </Box>
    </InfoCard>
  );
};

/**
 * The matrix of a RaciMatrix entity, with the ownership rules checked in
 * the browser and their violations highlighted.
 *
 * @public
 */
export const RaciMatrixPage = () => {
  const { entity } = useEntity();
  if (!isRaciMatrixEntity(entity)) {
    return (
      <div className={SUITE_ROOT_CLASS}>
        <EmptyState
          missing="data"
          title="Not a RACI matrix"
          description="This view shows entities of kind RaciMatrix (apiVersion ownership.dev/v1alpha1)."
        />
      </div>
    );
  }
  return <RaciMatrixView entity={entity} />;
};
