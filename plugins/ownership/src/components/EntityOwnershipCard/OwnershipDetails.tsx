import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { RefLink } from '../RefLink';
import Alert from '@material-ui/lab/Alert';
import {
  EntityOwnershipResponse,
  HANDOFF_STATES,
  HandoffState,
  handoffStateLabel,
} from '@service-ownership/plugin-ownership-common';
import { DateTime } from 'luxon';
import { formatDate, formatDateTime } from '../../utils/format';
import { EscalationSteps } from '../EscalationSteps';
import { FindingsList } from '../FindingsList';
import { OnCallList } from '../OnCallList';
import { PersonLink } from '../PersonLink';
import { Section } from '../Section';
import { TierChip } from '../TierChip';
import { ToneChip } from '../ToneChip';
import { CatalogErrorsAlert } from './CatalogErrorsAlert';
import { ChannelLinks } from './ChannelLinks';
import { CollaboratorLink, CollaboratorsSection } from './CollaboratorsSection';
import { OwnerSection } from './OwnerSection';
import { OwnershipBlockHint } from './OwnershipBlockHint';
import { VerificationSection } from './VerificationSection';
import { WorkingHoursList } from './WorkingHoursList';

const useStyles = makeStyles(theme => ({
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(2),
  },
  contacts: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(3),
  },
  alert: { marginBottom: theme.spacing(2) },
  transfer: { marginTop: theme.spacing(-1), marginBottom: theme.spacing(2) },
}));

/** @internal */
export type OwnershipDetailsProps = {
  ownership: EntityOwnershipResponse;
  specOwner?: string;
  namespace?: string;
  onVerified: () => void;
};

/**
 * Where the orphan reasons among the findings come from: the index, as the
 * coverage page lists them, or a live check of an entity the index does not
 * list.
 */
const FindingsSource = ({
  ownership,
}: {
  ownership: EntityOwnershipResponse;
}) => {
  if (!ownership.indexed) {
    return (
      <Typography
        variant="caption"
        color="textSecondary"
        data-testid="ownership-checked-live"
      >
        checked live: not on the coverage page (yet)
      </Typography>
    );
  }
  return ownership.indexedAt ? (
    <Typography
      variant="caption"
      color="textSecondary"
      data-testid="ownership-indexed-at"
    >
      as of the index of {formatDateTime(ownership.indexedAt)}
    </Typography>
  ) : null;
};

const HandoffBanner = ({
  handoff,
}: {
  handoff: NonNullable<EntityOwnershipResponse['handoff']>;
}) => {
  const state = (HANDOFF_STATES as readonly string[]).includes(handoff.state)
    ? handoffStateLabel(handoff.state as HandoffState)
    : handoff.state;
  return (
    <Alert severity="info" data-testid="ownership-handoff">
      Handoff in progress to{' '}
      <RefLink entityRef={handoff.toTeam} defaultKind="group" plain /> (
      {state.toLocaleLowerCase('en-US')}
      {handoff.stateDueAt && `, due ${formatDate(handoff.stateDueAt)}`})
    </Alert>
  );
};

/**
 * The body of the ownership card for a loaded ownership response.
 */
export const OwnershipDetails = (props: OwnershipDetailsProps) => {
  const { ownership, specOwner, namespace, onVerified } = props;
  const classes = useStyles();
  // A date without a time lasts until the end of that day.
  const expired =
    ownership.expires !== undefined &&
    DateTime.fromISO(ownership.expires).endOf(
      ownership.expires.includes('T') ? 'second' : 'day',
    ) < DateTime.now();
  const hasContacts = Boolean(ownership.primary || ownership.secondary);
  // Older backends leave out the fields added with collaborators.
  const catalogErrors = ownership.catalogErrors ?? [];
  const collaborators = ownership.collaborators ?? [];
  const workingHours = ownership.workingHours ?? {};

  return (
    <>
      {catalogErrors.length > 0 && (
        <div className={classes.alert}>
          <CatalogErrorsAlert errors={catalogErrors} />
        </div>
      )}
      {ownership.handoff && (
        <div className={classes.alert}>
          <HandoffBanner handoff={ownership.handoff} />
        </div>
      )}
      {(ownership.tier || ownership.level || ownership.feature) && (
        <div className={classes.chips}>
          {ownership.tier && (
            <TierChip
              tier={ownership.tier}
              aria-label={`Tier: ${ownership.tier}`}
              data-testid="ownership-tier"
            />
          )}
          {ownership.level && (
            <Chip
              size="small"
              variant="outlined"
              label={`${ownership.level} ownership`}
              aria-label={`Level: ${ownership.level}`}
              data-testid="ownership-level"
            />
          )}
          {ownership.feature && (
            <Chip
              size="small"
              variant="outlined"
              label={`feature: ${ownership.feature}`}
            />
          )}
          {ownership.expires && (
            <ToneChip
              size="small"
              variant="outlined"
              tone={expired ? 'secondary' : 'default'}
              label={`${expired ? 'expired' : 'expires'} ${formatDate(
                ownership.expires,
              )}`}
              data-testid="ownership-expires"
            />
          )}
        </div>
      )}
      {ownership.transferTo && (
        <Typography
          variant="body2"
          className={classes.transfer}
          data-testid="ownership-transfer"
        >
          {expired ? 'Handed over to ' : 'Hands over to '}
          <CollaboratorLink who={ownership.transferTo} />
          {ownership.expires
            ? ` on ${formatDate(ownership.expires)}`
            : ' when the feature ownership ends'}
        </Typography>
      )}

      <OwnerSection
        owner={ownership.owner}
        specOwner={specOwner}
        namespace={namespace}
        showMembers={!hasContacts}
      />

      {collaborators.length > 0 && (
        <CollaboratorsSection collaborators={collaborators} />
      )}

      {(hasContacts || Object.keys(ownership.channels ?? {}).length > 0) && (
        <Section title="Contacts" data-testid="ownership-contacts">
          <div className={classes.contacts}>
            {ownership.primary && (
              <PersonLink person={ownership.primary} label="Primary contact" />
            )}
            {ownership.secondary && (
              <PersonLink
                person={ownership.secondary}
                label="Secondary contact"
              />
            )}
          </div>
          <WorkingHoursList workingHours={workingHours} />
          <ChannelLinks channels={ownership.channels ?? {}} />
        </Section>
      )}

      {(ownership.onCall.length > 0 || ownership.escalationPolicy) && (
        <Section title="On call now" data-testid="ownership-oncall">
          <OnCallList onCall={ownership.onCall} />
        </Section>
      )}

      {ownership.hasOwnershipBlock && (
        <Section title="Escalation path" data-testid="ownership-escalation">
          {ownership.escalationPolicy ? (
            <>
              <Typography variant="body2">
                <RefLink
                  entityRef={ownership.escalationPolicy.entityRef}
                  title={ownership.escalationPolicy.title}
                  defaultKind="escalationpolicy"
                />
              </Typography>
              {ownership.escalationPolicy.exists ? (
                <EscalationSteps levels={ownership.escalationPolicy.levels} />
              ) : (
                <Typography variant="body2" color="error">
                  The escalation policy is not in the catalog.
                </Typography>
              )}
            </>
          ) : (
            <Typography variant="body2" color="textSecondary">
              No escalation policy is named in spec.ownership.escalationPolicy.
            </Typography>
          )}
        </Section>
      )}

      <VerificationSection
        entityRef={ownership.entityRef}
        verification={ownership.verification}
        onVerified={onVerified}
      />

      <Section
        title="Findings"
        data-testid="ownership-findings"
        action={<FindingsSource ownership={ownership} />}
      >
        <FindingsList
          findings={ownership.findings}
          emptyText={
            catalogErrors.length === 0
              ? "No problems found in this entity's ownership."
              : undefined
          }
        />
      </Section>

      {!ownership.hasOwnershipBlock && (
        <Box>
          <OwnershipBlockHint owner={ownership.owner?.entityRef ?? specOwner} />
        </Box>
      )}
    </>
  );
};
