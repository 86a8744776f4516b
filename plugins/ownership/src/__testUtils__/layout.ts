/**
 * jsdom lays nothing out: gives every element a size, so that recharts'
 * ResponsiveContainer draws its chart. Restore with jest.restoreAllMocks().
 */
export function mockElementSize(width: number, height: number) {
  jest.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
    width,
    height,
    top: 0,
    left: 0,
    bottom: height,
    right: width,
    x: 0,
    y: 0,
    toJSON: () => ({}),
  });
}
