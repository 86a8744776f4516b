export { HandoffsTable } from './HandoffsTable';
