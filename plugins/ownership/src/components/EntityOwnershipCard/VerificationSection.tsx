import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import CircularProgress from '@material-ui/core/CircularProgress';
import Typography from '@material-ui/core/Typography';
import VerifiedUserIcon from '@material-ui/icons/VerifiedUser';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  OwnershipVerification,
  ownershipVerifyPermission,
} from '@service-ownership/plugin-ownership-common';
import { useVerifyOwnership } from '../../hooks';
import { formatDate, formatRelative } from '../../utils/format';
import { RefLink } from '../RefLink';
import { Section } from '../Section';

const STATUS_LABELS: Record<OwnershipVerification['status'], string> = {
  verified: 'Verified',
  due: 'Verification due',
  never: 'Never verified',
};

/** @internal */
export type VerificationSectionProps = {
  entityRef: string;
  verification: OwnershipVerification;
  onVerified: () => void;
};

/**
 * When ownership was last confirmed, and the button to confirm it again
 * for those allowed to.
 */
export const VerificationSection = (props: VerificationSectionProps) => {
  const { entityRef, verification, onVerified } = props;
  const { allowed } = usePermission({
    permission: ownershipVerifyPermission,
    resourceRef: entityRef,
  });
  const { verify, verifying, error } = useVerifyOwnership(
    entityRef,
    onVerified,
  );

  return (
    <Section title="Verification" data-testid="ownership-verification">
      <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={8}>
        <Chip
          size="small"
          label={STATUS_LABELS[verification.status]}
          color={verification.status === 'verified' ? 'primary' : 'default'}
          data-testid="verification-status"
          data-status={verification.status}
        />
        <Typography variant="body2" component="span">
          {verification.verifiedAt ? (
            <>
              Last verified {formatRelative(verification.verifiedAt)} (
              {formatDate(verification.verifiedAt)})
              {verification.verifiedBy && (
                <>
                  {' by '}
                  <RefLink
                    entityRef={verification.verifiedBy}
                    defaultKind="user"
                    plain
                  />
                </>
              )}
            </>
          ) : (
            'Ownership has never been verified.'
          )}
        </Typography>
      </Box>
      <Typography variant="body2" color="textSecondary">
        {verification.dueAt
          ? `Next verification due ${formatDate(verification.dueAt)}; `
          : ''}
        owners confirm every {verification.periodDays} days that this is still
        theirs.
      </Typography>
      {allowed && (
        <Box mt={1} display="flex" alignItems="center" gridGap={8}>
          <Button
            variant="outlined"
            color="primary"
            size="small"
            startIcon={
              verifying ? <CircularProgress size={16} /> : <VerifiedUserIcon />
            }
            disabled={verifying}
            onClick={() => verify()}
            data-testid="verify-ownership-button"
          >
            Verify ownership
          </Button>
        </Box>
      )}
      {error && (
        <Typography variant="body2" color="error" role="alert">
          {error}
        </Typography>
      )}
    </Section>
  );
};
