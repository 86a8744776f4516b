import { createTheme, getContrastRatio } from '@material-ui/core/styles';
import { AA_CONTRAST, readableBadge, readableOn } from './contrast';

describe('contrast helpers', () => {
  const light = createTheme({ palette: { type: 'light' } });
  const dark = createTheme({
    palette: { type: 'dark', secondary: { main: '#FF88B2' } },
  });

  it.each([
    ['MUI secondary', '#f50057'],
    ['avatar grey', '#bdbdbd'],
    ['warning', '#ff9800'],
    ['already dark', '#1f5493'],
  ])('gives a %s badge readable text', (_name, background) => {
    for (const theme of [light, dark]) {
      const badge = readableBadge(theme, background);
      expect(
        getContrastRatio(badge.color, badge.background),
      ).toBeGreaterThanOrEqual(AA_CONTRAST);
    }
  });

  it('keeps a background that already reads with white', () => {
    expect(readableBadge(light, '#1f5493')).toEqual({
      background: '#1f5493',
      color: '#fff',
    });
  });

  it('moves text away from its background until it reads', () => {
    for (const [fg, bg] of [
      ['#d32f2f', '#fde8e6'],
      ['#746b6a', '#fde8e6'],
      ['#f57c00', '#ffffff'],
      ['#9CC9FF', '#424242'],
    ]) {
      expect(getContrastRatio(readableOn(fg, bg), bg)).toBeGreaterThanOrEqual(
        AA_CONTRAST,
      );
    }
    expect(readableOn('#000000', '#ffffff')).toBe('#000000');
    // Translucent text counts as it shows: black at 54 % on a pink highlight
    // is 4.4:1, not black's 19:1.
    expect(
      getContrastRatio(readableOn('rgba(0, 0, 0, 0.54)', '#fde8e6'), '#fde8e6'),
    ).toBeGreaterThanOrEqual(AA_CONTRAST);
  });
});
