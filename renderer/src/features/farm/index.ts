// What other rooms may use from the farm feature: the temperature chart and the live farm cards hook.
export { TemperatureChart } from './TemperatureChart.js';
export { useFarmCards } from './use-farm-cards.js';
export { STATE_STYLE, needsPerson } from './state-style.js';
export { useFarmStateCounts } from './use-farm-counts.js';
