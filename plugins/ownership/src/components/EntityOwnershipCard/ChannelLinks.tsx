import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import ChatIcon from '@material-ui/icons/Chat';
import EmailIcon from '@material-ui/icons/Email';
import LinkIcon from '@material-ui/icons/Link';
import PhoneIcon from '@material-ui/icons/Phone';
import { Link } from '@backstage/core-components';
import { OwnershipChannels } from '@service-ownership/plugin-ownership-common';
import { ReactNode } from 'react';

const isUrl = (value: string) => /^https?:\/\//i.test(value);

type ChannelLink = {
  key: string;
  label: string;
  text: string;
  href?: string;
  icon: ReactNode;
};

function channelLinks(channels: OwnershipChannels): ChannelLink[] {
  const links: ChannelLink[] = [];
  if (channels.slack) {
    const name = channels.slack.replace(/^#/, '');
    links.push({
      key: 'slack',
      label: 'Slack',
      text: isUrl(channels.slack) ? channels.slack : `#${name}`,
      href: isUrl(channels.slack)
        ? channels.slack
        : `https://slack.com/app_redirect?channel=${encodeURIComponent(name)}`,
      icon: <ChatIcon fontSize="small" />,
    });
  }
  if (channels.teams) {
    links.push({
      key: 'teams',
      label: 'Teams',
      text: isUrl(channels.teams) ? 'Microsoft Teams channel' : channels.teams,
      href: isUrl(channels.teams) ? channels.teams : undefined,
      icon: <ChatIcon fontSize="small" />,
    });
  }
  if (channels.email) {
    links.push({
      key: 'email',
      label: 'E-mail',
      text: channels.email,
      href: `mailto:${channels.email}`,
      icon: <EmailIcon fontSize="small" />,
    });
  }
  if (channels.phone) {
    links.push({
      key: 'phone',
      label: 'Phone',
      text: channels.phone,
      href: `tel:${channels.phone.replace(/[^\d+]/g, '')}`,
      icon: <PhoneIcon fontSize="small" />,
    });
  }
  if (channels.url) {
    links.push({
      key: 'url',
      label: 'Link',
      text: channels.url,
      href: isUrl(channels.url) ? channels.url : undefined,
      icon: <LinkIcon fontSize="small" />,
    });
  }
  return links;
}

/**
 * The team's chat channels, e-mail, phone and link.
 */
export const ChannelLinks = ({ channels }: { channels: OwnershipChannels }) => {
  const links = channelLinks(channels);
  if (links.length === 0) {
    return null;
  }
  return (
    <Box
      component="ul"
      m={0}
      mt={1}
      p={0}
      style={{ listStyle: 'none' }}
      aria-label="Channels"
      data-testid="ownership-channels"
    >
      {links.map(link => (
        <Box
          component="li"
          key={link.key}
          display="flex"
          alignItems="center"
          gridGap={8}
          mb={0.5}
        >
          {link.icon}
          <Typography variant="body2" component="span">
            <Typography
              variant="caption"
              color="textSecondary"
              component="span"
            >
              {link.label}:{' '}
            </Typography>
            {link.href ? <Link to={link.href}>{link.text}</Link> : link.text}
          </Typography>
        </Box>
      ))}
    </Box>
  );
};
