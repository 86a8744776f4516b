import Avatar from '@material-ui/core/Avatar';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';
import { readableBadge, readableOn } from '../../utils/contrast';
import { RefLink } from '../RefLink';
import { OwnershipPerson } from '@service-ownership/plugin-ownership-common';
import { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  avatar: {
    width: theme.spacing(4),
    height: theme.spacing(4),
    fontSize: theme.typography.body2.fontSize,
  },
  small: {
    width: theme.spacing(3),
    height: theme.spacing(3),
    fontSize: theme.typography.caption.fontSize,
  },
  missing: {
    color: readableOn(
      theme.palette.warning.dark,
      theme.palette.background.paper,
    ),
  },
}));

function initials(person: OwnershipPerson): string {
  const name = person.displayName ?? person.entityRef.replace(/^.*[:/]/, '');
  return name
    .split(/[\s._-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map(part => part[0]?.toLocaleUpperCase('en-US'))
    .join('');
}

/** @internal */
export type PersonLinkProps = {
  person: OwnershipPerson;
  /** A caption above the name, e.g. "Primary". */
  label?: ReactNode;
  showEmail?: boolean;
  size?: 'small' | 'medium';
};

/**
 * A person with avatar, link to their entity page and e-mail.
 */
export const PersonLink = (props: PersonLinkProps) => {
  const { person, label, showEmail = true, size = 'medium' } = props;
  const classes = useStyles();
  const theme = useTheme();
  // MUI's default avatar (light grey on grey[400]) fails WCAG AA; inline, so
  // no theme override of MuiAvatar outranks it.
  const colors = readableBadge(theme, theme.palette.grey[600]);
  return (
    <Box display="flex" alignItems="center" gridGap={8} data-testid="person">
      <Avatar
        src={person.picture}
        alt=""
        className={size === 'small' ? classes.small : classes.avatar}
        style={{ backgroundColor: colors.background, color: colors.color }}
      >
        {initials(person)}
      </Avatar>
      <Box>
        {label && (
          <Typography variant="caption" color="textSecondary" component="div">
            {label}
          </Typography>
        )}
        <Typography variant="body2" component="div">
          {person.exists ? (
            <RefLink
              entityRef={person.entityRef}
              title={person.displayName}
              defaultKind="user"
            />
          ) : (
            <span className={classes.missing}>
              {person.displayName ?? person.entityRef} (not in the catalog)
            </span>
          )}
        </Typography>
        {showEmail && person.email && (
          <Typography variant="caption" component="div">
            <Link to={`mailto:${person.email}`}>{person.email}</Link>
          </Typography>
        )}
      </Box>
    </Box>
  );
};
