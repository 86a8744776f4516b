import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { exampleEntities } from '../src/__testUtils__/entities';

// Runs the plugin alone against an in-memory catalog with example entities,
// signed in as the mock user (user:default/mock) for every request.
// Try: curl localhost:7007/api/ownership/entities/component/default/payments-api/ownership
const backend = createBackend();
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(catalogServiceMock.factory({ entities: exampleEntities() }));
backend.add(import('../src'));
backend.start();
