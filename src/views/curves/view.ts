// The training curves view: losses, accuracy and the adjoint gradient's error over training steps.
import { z } from 'zod';
import { defineView } from '../types';

const bool = () => z.boolean({ error: 'must be 0 or 1' });

export const curvesView = defineView({
  id: 'curves',
  title: 'Training curves',
  menuOrder: 1,
  openByDefault: true,
  options: z.object({ logScale: bool(), showTest: bool(), showAccuracy: bool(), showGradError: bool() }),
  defaults: () => ({ logScale: true, showTest: true, showAccuracy: true, showGradError: true }),
});
