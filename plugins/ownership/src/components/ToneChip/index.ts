export { ToneChip } from './ToneChip';
export type { ChipTone, ToneChipProps } from './ToneChip';
