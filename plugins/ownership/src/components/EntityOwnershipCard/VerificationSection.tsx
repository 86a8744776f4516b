import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Typography from '@material-ui/core/Typography';
import VerifiedUserIcon from '@material-ui/icons/VerifiedUser';
import { usePermission } from '@backstage/plugin-permission-react';
import { ReactNode } from 'react';
import {
  OwnershipVerification,
  ownershipVerifyPermission,
} from '@service-ownership/plugin-ownership-common';
import { useVerifyOwnership } from '../../hooks';
import { useCanVerify } from '../../hooks/useVerifyOwnership';
import { formatDate, formatRelative } from '../../utils/format';
import { RefLink } from '../RefLink';
import { Section } from '../Section';
import { ToneChip } from '../ToneChip';

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

const VerifyButton = (props: { verifying: boolean; onClick: () => void }) => (
  <Box mt={1} display="flex" alignItems="center" gridGap={8}>
    <Button
      variant="outlined"
      color="primary"
      size="small"
      startIcon={
        props.verifying ? <CircularProgress size={16} /> : <VerifiedUserIcon />
      }
      disabled={props.verifying}
      onClick={props.onClick}
      data-testid="verify-ownership-button"
    >
      Verify ownership
    </Button>
  </Box>
);

// Backends that cannot say whether the caller may verify leave the decision
// to the permission policy, which does not know the configured admins.
const IfPermitted = (props: { entityRef: string; children: ReactNode }) => {
  const { allowed } = usePermission({
    permission: ownershipVerifyPermission,
    resourceRef: props.entityRef,
  });
  return allowed ? <>{props.children}</> : null;
};

/**
 * When ownership was last confirmed, and the button to confirm it again
 * for those allowed to.
 */
export const VerificationSection = (props: VerificationSectionProps) => {
  const { entityRef, verification, onVerified } = props;
  const { verify, verifying, error } = useVerifyOwnership(
    entityRef,
    onVerified,
  );
  // An earlier backend said on the card itself; this one is asked apart.
  const asked = useCanVerify(entityRef, verification.canVerify === undefined);
  const canVerify = verification.canVerify ?? asked.canVerify;
  const button = (
    <VerifyButton verifying={verifying} onClick={() => verify()} />
  );

  return (
    <Section title="Verification" data-testid="ownership-verification">
      <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={8}>
        <ToneChip
          size="small"
          label={STATUS_LABELS[verification.status]}
          tone={verification.status === 'verified' ? 'primary' : 'default'}
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
      {asked.unknown ? (
        <IfPermitted entityRef={entityRef}>{button}</IfPermitted>
      ) : (
        canVerify && button
      )}
      {error && (
        <Typography variant="body2" color="error" role="alert">
          {error}
        </Typography>
      )}
    </Section>
  );
};
