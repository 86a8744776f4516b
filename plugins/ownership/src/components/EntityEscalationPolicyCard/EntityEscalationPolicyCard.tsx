import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { EmptyState, InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  checkOwnershipRules,
  EscalationPolicyEntityV1alpha1,
  isEscalationPolicyEntity,
  OwnershipModel,
  readOwnershipModel,
  ResolvedEscalationLevel,
} from '@service-ownership/plugin-ownership-common';
import { useMemo } from 'react';
import { EscalationSteps } from '../EscalationSteps';
import { FindingsList } from '../FindingsList';
import { RefLink } from '../RefLink';
import { Section } from '../Section';
import { CARD_TITLE_PROPS, SUITE_ROOT_CLASS } from '../../utils/suiteRoot';

/**
 * Props of {@link EntityEscalationPolicyCard}.
 *
 * @public
 */
export type EntityEscalationPolicyCardProps = {
  variant?: 'flex' | 'fullHeight' | 'gridItem';
};

// The entity page shows the policy as written: people are not resolved
// against the catalog here, so every ref counts as existing.
function toLevels(model: OwnershipModel): ResolvedEscalationLevel[] {
  return model.levels.map(level => ({
    level: level.level,
    name: level.name,
    escalateAfter: level.escalateAfter ?? '',
    escalateAfterMinutes: level.escalateAfterMinutes ?? 0,
    repeat: level.repeat,
    conditions: level.conditions,
    targets: level.targets.map(target => ({
      type: target.type,
      id: target.ref ?? target.id,
      people:
        target.type === 'user'
          ? []
          : (target.rota?.members ?? []).map(entityRef => ({
              entityRef,
              exists: true,
            })),
    })),
  }));
}

const Stakeholders = ({ model }: { model: OwnershipModel }) => {
  const notifying = model.levels.filter(l => l.notifyStakeholders);
  return (
    <Section title="Stakeholders" data-testid="escalation-policy-stakeholders">
      <Typography variant="body2">
        {model.stakeholders.map((ref, index) => (
          <span key={`${index}-${ref}`}>
            {index > 0 && ', '}
            <RefLink entityRef={ref} defaultKind="group" plain />
          </span>
        ))}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {notifying.length === 0
          ? 'No level notifies them (notifyStakeholders).'
          : `Notified when ${notifying
              .map(l => `level ${l.level} (${l.name})`)
              .join(', ')} is reached.`}
      </Typography>
    </Section>
  );
};

const PolicyView = ({ entity }: { entity: EscalationPolicyEntityV1alpha1 }) => {
  const model = useMemo(() => readOwnershipModel(entity), [entity]);
  const levels = useMemo(() => toLevels(model), [model]);
  const findings = useMemo(() => checkOwnershipRules(entity), [entity]);
  return (
    <Box data-testid="escalation-policy-card">
      {entity.spec.description && (
        <Typography variant="body1" paragraph>
          {entity.spec.description}
        </Typography>
      )}
      <Typography variant="body2" paragraph>
        Owner:{' '}
        {model.owner ? (
          <RefLink
            entityRef={model.owner}
            defaultKind="group"
            defaultNamespace={entity.metadata.namespace}
          />
        ) : (
          'none'
        )}
      </Typography>
      <Section title="Levels">
        <EscalationSteps levels={levels} />
      </Section>
      {model.stakeholders.length > 0 && <Stakeholders model={model} />}
      <Section title="Findings" data-testid="escalation-policy-findings">
        <FindingsList
          findings={findings}
          emptyText="The levels are in order and every level reaches someone."
        />
      </Section>
    </Box>
  );
};

/**
 * The levels of an EscalationPolicy entity with their SLAs and targets, and
 * the rule findings, read from the entity itself.
 *
 * @public
 */
export const EntityEscalationPolicyCard = (
  props: EntityEscalationPolicyCardProps,
) => {
  const { entity } = useEntity();
  return (
    <InfoCard
      titleTypographyProps={CARD_TITLE_PROPS}
      title="Escalation policy"
      variant={props.variant}
      className={SUITE_ROOT_CLASS}
    >
      {isEscalationPolicyEntity(entity) ? (
        <PolicyView entity={entity} />
      ) : (
        <EmptyState
          missing="data"
          title="Not an escalation policy"
          description="This card shows entities of kind EscalationPolicy."
        />
      )}
    </InfoCard>
  );
};
