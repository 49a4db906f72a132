// A grid of the test images the network gets wrong, each with its true and predicted class; the pixels come from
// the image set the page holds (src/data/provision.ts), the predictions from the run's snapshot.
import { useEffect, useRef } from 'react';
import { isImageData } from '../../core/config';
import { FASHION_MNIST } from '../../data/fashion-mnist';
import { heldImages } from '../../data/provision';
import { useExperiment } from '../../state/experiment';
import { useRun } from '../../state/run';
import { Panel } from '../common/Panel';
import type { Mistake } from './view';
import './misclassified.css';

const CLASSES: readonly string[] = FASHION_MNIST.classes;
/** Screen pixels per image pixel: both sizes show at 56 px. */
const SCALE = { 14: 4, 28: 2 } as const;

function Thumb({ size, m }: { size: 14 | 28; m: Mistake }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const set = heldImages(size);
    const ctx = ref.current?.getContext('2d');
    if (!set || !ctx) return;
    const px = size * size;
    const src = set.test.pixels.subarray(m.source * px, (m.source + 1) * px);
    const img = ctx.createImageData(size, size);
    for (let i = 0; i < px; i++) {
      const v = 255 - src[i]; // dark garment on a light ground, as printed
      img.data.set([v, v, v, 255], 4 * i);
    }
    ctx.putImageData(img, 0, 0);
  }, [size, m.source]);
  const side = size * SCALE[size];
  return (
    <figure className="mis-item" data-testid="misclassified-item">
      <canvas ref={ref} width={size} height={size} style={{ width: side, height: side }} />
      <figcaption>
        <span className="mis-true" title="true class">
          {CLASSES[m.label]}
        </span>
        <span className="mis-pred" title={`predicted, p = ${m.confidence.toFixed(2)}`}>
          → {CLASSES[m.pred]}
        </span>
      </figcaption>
    </figure>
  );
}

export function MisclassifiedView() {
  const data = useRun((s) => s.snapshot?.views.misclassified ?? null);
  const step = useRun((s) => s.snapshot?.step ?? 0);
  const images = useExperiment((s) => isImageData(s.config));
  return (
    <Panel
      id="misclassified"
      title="Misclassified test images"
      hint={
        data
          ? `Step ${step}: ${data.n - data.correct} of the first ${data.n} test images are wrong (accuracy ${((100 * data.correct) / data.n).toFixed(1)}%); the first ${data.wrong.length} shown, true class → prediction.`
          : images
            ? 'Waiting for the run…'
            : 'For image data (Dataset: Fashion-MNIST): the test images the network gets wrong.'
      }
    >
      {data && (
        <div
          className="mis-grid"
          data-testid="misclassified-grid"
          data-wrong={data.n - data.correct}
          data-n={data.n}
        >
          {data.wrong.map((m) => (
            <Thumb key={m.source} size={data.size} m={m} />
          ))}
        </div>
      )}
    </Panel>
  );
}
