// Decodes one layer's byte range (from the analysis layer index) into extrude/travel polylines for the viewer.
import type { LayerGeometry, LayerInfo } from '../../../shared/contract/gcode-analysis.js';
import { FarmError } from '../../../shared/contract/envelope.js';

export async function readLayerSlice(
  path: string,
  layers: readonly LayerInfo[],
  index: number,
  _options: { includeTravel?: boolean },
): Promise<LayerGeometry> {
  throw new FarmError('internal', `readLayer not implemented yet (${path} ${layers.length} ${index})`);
}
