import { startTestBackend } from '@backstage/backend-test-utils';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { catalogModuleOwnership } from './module';
import { OwnershipEntitiesProcessor } from './processor/OwnershipEntitiesProcessor';

// Backends and databases start slowly when CI's two cores are busy.
jest.setTimeout(60_000);

describe('catalogModuleOwnership', () => {
  it('registers the ownership processor with the catalog', async () => {
    const addProcessor = jest.fn();
    await startTestBackend({
      extensionPoints: [[catalogProcessingExtensionPoint, { addProcessor }]],
      features: [catalogModuleOwnership],
    });
    expect(addProcessor).toHaveBeenCalledWith(
      expect.any(OwnershipEntitiesProcessor),
    );
  });
});
