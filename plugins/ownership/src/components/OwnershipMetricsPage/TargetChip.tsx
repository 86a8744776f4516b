import Chip from '@material-ui/core/Chip';
import { useTheme } from '@material-ui/core/styles';
import CheckCircleOutline from '@material-ui/icons/CheckCircleOutline';
import ErrorOutline from '@material-ui/icons/ErrorOutline';
import { readableBadge } from '../../utils/contrast';

/** @internal */
export type TargetChipProps = {
  meets: boolean | null | undefined;
  /** The target in words, e.g. "mean under 30 min". */
  target?: string;
  /** "met" / "missed" only, where the target is written nearby (a column header). */
  compact?: boolean;
};

/**
 * Whether a figure meets its target, in words and an icon as well as in
 * colour (success or error, with text at AA contrast).
 */
export const TargetChip = ({ meets, target, compact }: TargetChipProps) => {
  const theme = useTheme();
  if (meets === undefined || !target) {
    return null;
  }
  if (meets === null) {
    return (
      <Chip
        size="small"
        variant="outlined"
        label="no data"
        title={`Target: ${target}`}
        data-testid="target"
        data-meets="none"
      />
    );
  }
  const badge = readableBadge(
    theme,
    meets ? theme.palette.success.main : theme.palette.error.main,
  );
  const Icon = meets ? CheckCircleOutline : ErrorOutline;
  return (
    <Chip
      size="small"
      icon={<Icon style={{ color: badge.color }} aria-hidden />}
      label={
        compact
          ? `${meets ? 'met' : 'missed'}`
          : `${meets ? 'target met' : 'target missed'}: ${target}`
      }
      title={`Target: ${target}`}
      style={{ color: badge.color, backgroundColor: badge.background }}
      data-testid="target"
      data-meets={meets ? 'yes' : 'no'}
    />
  );
};
