// Activation memory of a training step in the current gradient mode against the other mode: what the
// memory-free adjoint buys (and, from the diagnostics, what its gradient costs).
import { useCallback, useMemo } from 'react';
import { effectiveBatch } from '../../core/config';
import { useExperiment } from '../../state/experiment';
import { useRun } from '../../state/run';
import { toCsv } from '../common/exporters';
import { formatBytes, formatNumber } from '../common/format';
import { Panel } from '../common/Panel';
import { useCanvas } from '../common/useCanvas';
import { drawMemory, memoryBars, memoryColors, ratioText } from './memoryBars';
import './memory.css';

export function MemoryMeter() {
  const memory = useRun((s) => s.memory);
  const status = useRun((s) => s.status);
  const kind = useRun((s) => s.backendKind);
  const gradError = useRun((s) => s.diag?.gradErrorGlobal ?? Number.NaN);
  const config = useExperiment((s) => s.config);
  const mode = config.train.gradMode;
  const bars = useMemo(() => (memory ? memoryBars(memory, mode) : null), [memory, mode]);

  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number) => {
      if (bars) drawMemory(ctx, w, h, bars);
    },
    [bars],
  );
  const { ref, size } = useCanvas(draw, [draw]);
  const { depth: N, d } = config.model;
  const B = effectiveBatch(config);

  return (
    <Panel
      id="memory"
      title="Activation memory"
      hint={
        <>
          Activation + scratch memory of a training step. Exact backprop stores every state: O(N·B·d). The
          adjoint rebuilds them backwards and sums the weight gradients as it goes: its working set does not
          depend on N. Here N = {N}, B = {B}, d = {d}.
        </>
      }
      exports={{
        name: 'activation-memory',
        draw: bars ? draw : undefined,
        size: size.width > 0 ? size : { width: 600, height: 120 },
        csv: bars
          ? () =>
              toCsv(
                ['mode', 'activation_bytes', 'current', 'precision', 'total_bytes'],
                bars.map((b) => [
                  b.mode,
                  b.bytes,
                  b.current ? 'yes' : 'no',
                  memory?.precision ?? '',
                  memory?.totalBytes ?? '',
                ]),
              )
          : undefined,
      }}
    >
      <div
        className="plot plot-memory"
        data-testid="memory-bars"
        data-exact-bytes={bars?.[0].bytes ?? ''}
        data-adjoint-bytes={bars?.[1].bytes ?? ''}
        data-mode={mode}
      >
        <canvas
          ref={ref}
          data-testid="memory-canvas"
          role="img"
          aria-label={
            bars
              ? bars
                  .map((b) => `${b.label}: ${formatBytes(b.bytes)}${b.current ? ' (training now)' : ''}`)
                  .join('; ')
              : 'No run yet'
          }
        />
        {!bars && <p className="plot-empty">{status === 'building' ? 'Building the run…' : 'No run yet.'}</p>}
      </div>
      {bars && memory && (
        <ul className="memory-facts">
          <li>
            <span className="swatch" style={{ background: memoryColors()[mode] }} /> Training now with{' '}
            <strong>{mode === 'exact' ? 'exact backprop' : 'the memory-free adjoint'}</strong>;{' '}
            {ratioText(bars)}.
          </li>
          <li>
            Precision <strong>{memory.precision}</strong> (
            {kind === 'webgpu' ? 'GPU' : kind === 'wasm' ? 'CPU, WebAssembly' : 'CPU'}); all buffers of this
            run: <strong data-testid="memory-total">{formatBytes(memory.totalBytes)}</strong>.
          </li>
          {memory.parameterBytes !== undefined && (
            <li>
              Weights, gradients and optimizer state take{' '}
              <strong data-testid="memory-parameters">{formatBytes(memory.parameterBytes)}</strong> in either
              mode (not in the bars).
            </li>
          )}
          {memory.parts && (
            <li>
              <details data-testid="memory-parts">
                <summary>What each bar holds</summary>
                {(['exact', 'adjoint'] as const).map((m) => (
                  <div key={m} className="memory-parts">
                    <strong>{m === 'exact' ? 'Exact backprop' : 'Memory-free adjoint'}:</strong>{' '}
                    {memory.parts![m].map((p) => `${p.holds} (${formatBytes(p.bytes)})`).join('; ')}
                  </div>
                ))}
              </details>
            </li>
          )}
          {Number.isFinite(gradError) && (
            <li>
              The price: the adjoint gradient is off by ‖g̃ − g‖/‖g‖ ={' '}
              <strong>{formatNumber(gradError)}</strong> on the diagnostic batch right now.
            </li>
          )}
        </ul>
      )}
    </Panel>
  );
}
