import { createTheme, getContrastRatio } from '@material-ui/core/styles';
import { RACI_ROLES } from '@service-ownership/plugin-ownership-common';
import { AA_CONTRAST, raciRoleColors } from './raciColors';

describe('raciRoleColors', () => {
  // The dark palette has the light primary and secondary of Backstage's dark
  // theme, on which white text is unreadable.
  const themes = {
    light: createTheme({ palette: { type: 'light' } }),
    dark: createTheme({
      palette: {
        type: 'dark',
        primary: { main: '#9CC9FF' },
        secondary: { main: '#FF88B2' },
      },
    }),
  };

  it.each(Object.entries(themes))(
    'gives every role letter a badge that passes WCAG AA in the %s theme',
    (_name, theme) => {
      const colors = raciRoleColors(theme);
      for (const { letter } of RACI_ROLES) {
        const { background, color } = colors[letter];
        expect({
          letter,
          readable: getContrastRatio(color, background) >= AA_CONTRAST,
        }).toEqual({ letter, readable: true });
      }
    },
  );
});
