// The Farm room's view of printer states: the app-wide look, plus the filter keys of the grid.
import { STATE_LOOK, stateGroup, type StateGroup, type StateLook } from '../../app/printer-state.js';

export { needsPerson } from '../../app/printer-state.js';
export type StateStyle = StateLook;
export const STATE_STYLE = STATE_LOOK;

export type FilterKey = 'all' | StateGroup;
export const filterGroup = stateGroup;
