import { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { stitch } from './entities';

const EXAMPLES_DIR = path.resolve(__dirname, '../../../../examples');

/**
 * The portal's example catalog (examples/*.yaml, what users see in the dev
 * portal), stitched the way the catalog would serve it.
 */
export function exampleCatalog(): Entity[] {
  const entities = fs
    .readdirSync(EXAMPLES_DIR)
    .filter(file => file.endsWith('.yaml'))
    .sort()
    .flatMap(file =>
      parseAllDocuments(
        fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'),
      ).map(doc => doc.toJS() as Entity),
    )
    .filter(entity => entity && typeof entity === 'object')
    .map(entity => ({
      ...entity,
      metadata: { namespace: 'default', ...entity.metadata },
    }));
  return stitch(entities);
}
