export { RecentIncidents } from './RecentIncidents';
