import { OWNERSHIP_TIERS } from '@service-ownership/plugin-ownership-common';
import { ToneChip } from '../ToneChip';

/** @internal */
export type TierChipProps = {
  tier: string;
  className?: string;
  'aria-label'?: string;
  'data-testid'?: string;
};

/**
 * An ownership tier as a small chip, the most critical tier highlighted in
 * colours that stay readable.
 */
export const TierChip = (props: TierChipProps) => {
  const { tier, ...rest } = props;
  return (
    <ToneChip
      {...rest}
      size="small"
      label={tier}
      tone={tier === OWNERSHIP_TIERS[0] ? 'secondary' : 'default'}
    />
  );
};
