import Typography from '@material-ui/core/Typography';
import { useOwnershipHistory } from '../../hooks';
import { formatDate } from '../../utils/format';
import { RefLink } from '../RefLink';
import { Section } from '../Section';

/** @internal */
export type PastOwnersProps = { entityRef: string };

/**
 * The owners the entity had before its current one, newest first, from
 * the ownership history (index refreshes and completed handoffs); its own
 * request, so that the owner card does not wait for it.
 */
export const PastOwners = ({ entityRef }: PastOwnersProps) => {
  const { value } = useOwnershipHistory(entityRef);
  const current = value?.[value.length - 1];
  const past = (value ?? [])
    .filter(e => e.validTo && e.ownerRef && e.ownerRef !== current?.ownerRef)
    .reverse();
  if (!past.length) {
    return null;
  }
  return (
    <Section title="Past owners" data-testid="past-owners">
      <ul style={{ margin: 0, paddingLeft: 20 }}>
        {past.map(e => (
          <Typography
            component="li"
            variant="body2"
            key={`${e.ownerRef}-${e.validFrom}`}
            data-testid="past-owner"
          >
            <RefLink entityRef={e.ownerRef!} defaultKind="group" plain />
            {` from ${formatDate(e.validFrom)} to ${formatDate(e.validTo)}`}
            {e.source === 'handoff' ? ' (handoff)' : ''}
          </Typography>
        ))}
      </ul>
    </Section>
  );
};
