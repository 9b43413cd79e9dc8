// Entry of the lazily loaded chart chunk: the results view imports this dynamically so d3 stays out of the first view.
export { default as BarChart } from './BarChart.svelte';
export { default as Heatmap } from './Heatmap.svelte';
export { default as GroupedChart } from './GroupedChart.svelte';
export { default as ForestPlot } from './ForestPlot.svelte';
export { default as EvalVsRealChart } from './EvalVsRealChart.svelte';
