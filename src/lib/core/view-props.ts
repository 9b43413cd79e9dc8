// What each route's view is given from the route (path parameters and query), kept apart from the lazy loading.
import type { Route } from './route';

/** The props of the view a route shows. */
export function viewProps(route: Route): Record<string, unknown> {
  switch (route.name) {
    case 'scenarios':
    case 'results':
    case 'compare':
      return { query: route.query };
    case 'run':
      return { id: route.params.id };
    case 'transcript':
      return { runId: route.params.runId, sampleId: route.params.sampleId, query: route.query };
    default:
      return {};
  }
}
