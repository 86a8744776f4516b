import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { EmptyState, InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  checkOwnershipRules,
  EscalationPolicyEntityV1alpha1,
  isEscalationPolicyEntity,
  normalizeOwnershipRef,
  parseOwnershipDuration,
  ResolvedEscalationLevel,
} from '@service-ownership/plugin-ownership-common';
import { useMemo } from 'react';
import { EscalationSteps } from '../EscalationSteps';
import { FindingsList } from '../FindingsList';
import { RefLink } from '../RefLink';
import { Section } from '../Section';

/**
 * Props of {@link EntityEscalationPolicyCard}.
 *
 * @public
 */
export type EntityEscalationPolicyCardProps = {
  variant?: 'flex' | 'fullHeight' | 'gridItem';
};

function toLevels(
  entity: EscalationPolicyEntityV1alpha1,
): ResolvedEscalationLevel[] {
  const namespace = entity.metadata.namespace;
  const levels = Array.isArray(entity.spec?.levels) ? entity.spec.levels : [];
  return levels.map((level, index) => {
    const duration = parseOwnershipDuration(level.escalateAfter);
    return {
      level: typeof level.level === 'number' ? level.level : index + 1,
      name: level.name ?? `Level ${index + 1}`,
      escalateAfter: duration?.toISO() ?? String(level.escalateAfter),
      escalateAfterMinutes: duration ? duration.as('minutes') : 0,
      repeat: level.repeat ?? 0,
      conditions: level.conditions,
      targets: (Array.isArray(level.targets) ? level.targets : []).map(
        target => {
          const ref =
            target.type === 'user' || target.type === 'group'
              ? normalizeOwnershipRef(target.id, {
                  defaultKind: target.type,
                  defaultNamespace: namespace,
                })
              : undefined;
          const members = target.rota?.members ?? [];
          const people = (target.type === 'user' && ref ? [ref] : members)
            .map(m =>
              normalizeOwnershipRef(m, {
                defaultKind: 'user',
                defaultNamespace: namespace,
              }),
            )
            .filter((m): m is string => Boolean(m))
            .map(entityRef => ({ entityRef, exists: true }));
          return {
            type: target.type,
            id: ref ?? target.id,
            people: target.type === 'user' ? [] : people,
          };
        },
      ),
    };
  });
}

const PolicyView = ({ entity }: { entity: EscalationPolicyEntityV1alpha1 }) => {
  const levels = useMemo(() => toLevels(entity), [entity]);
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
        <RefLink
          entityRef={entity.spec.owner}
          defaultKind="group"
          defaultNamespace={entity.metadata.namespace}
        />
      </Typography>
      <Section title="Levels">
        <EscalationSteps levels={levels} />
      </Section>
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
    <InfoCard title="Escalation policy" variant={props.variant}>
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
