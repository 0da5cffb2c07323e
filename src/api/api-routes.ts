// The full route table of the API, in registration order; the app and the OpenAPI document both read it.
import type { Registry } from 'prom-client';
import { accountsRoutes } from './accounts-routes.js';
import { ringsRoutes } from './rings-routes.js';
import type { AnyRouteSpec } from './route-spec.js';
import { runsRoutes } from './runs-routes.js';
import { systemRoutes } from './system-routes.js';

export function apiRoutes(deps: { registry: Registry; openApiDocument: () => object }): AnyRouteSpec[] {
  return [...systemRoutes(deps), ...runsRoutes, ...ringsRoutes, ...accountsRoutes];
}
