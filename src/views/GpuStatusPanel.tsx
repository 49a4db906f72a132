// WebGPU status: a compact chip in the header (adapter, limits and the smoke shader result open from it), and a
// clear explanation of what is missing when WebGPU cannot be used.
import { useEffect, useRef, useState } from 'react';
import { formatBytes, type GpuInfo, type WantedLimit } from '../engine/device';
import type { SmokeResult } from '../engine/smoke';
import { type GpuState, useGpuStore } from '../state/gpu';
import { useRun } from '../state/run';
import { GpuHelp } from './GpuHelp';
import { continueOnCpu } from './run/actions';
import './gpu.css';

const TITLES: Record<GpuState, string> = {
  idle: 'Starting…',
  checking: 'Checking WebGPU…',
  ok: 'WebGPU is ready',
  unsupported: 'WebGPU is not available',
  'no-adapter': 'No WebGPU adapter',
  error: 'WebGPU error',
  lost: 'GPU device lost',
};

const SHOWN_LIMITS: { name: WantedLimit; bytes: boolean }[] = [
  { name: 'maxStorageBufferBindingSize', bytes: true },
  { name: 'maxBufferSize', bytes: true },
  { name: 'maxComputeWorkgroupStorageSize', bytes: true },
  { name: 'maxStorageBuffersPerShaderStage', bytes: false },
  { name: 'maxComputeInvocationsPerWorkgroup', bytes: false },
];

function AdapterDetails({ info }: { info: GpuInfo }) {
  const rows: [string, string][] = [
    ['Vendor', info.vendor || '—'],
    ['Architecture', info.architecture || '—'],
    ['Description', info.description || info.device || '—'],
  ];
  return (
    <div
      className="adapter"
      data-testid="gpu-adapter"
      data-vendor={info.vendor}
      data-architecture={info.architecture}
      data-description={info.description}
    >
      <h3>Adapter{info.isFallbackAdapter ? ' (software fallback)' : ''}</h3>
      <dl>
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <h3>Device limits</h3>
      <table className="limits" data-testid="gpu-limits">
        <tbody>
          {SHOWN_LIMITS.map(({ name, bytes }) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{bytes ? formatBytes(info.limits[name]) : info.limits[name]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SmokeDetails({ smoke }: { smoke: SmokeResult }) {
  const shown = Math.min(8, smoke.n);
  const indices = Array.from({ length: shown }, (_, i) => i);
  return (
    <div
      className={`smoke ${smoke.ok ? 'pass' : 'fail'}`}
      data-testid="gpu-smoke"
      data-result={smoke.ok ? 'pass' : 'fail'}
      data-n={smoke.n}
      data-input={JSON.stringify(Array.from(smoke.input))}
      data-output={JSON.stringify(Array.from(smoke.output))}
    >
      <h3>Smoke test</h3>
      <p className="smoke-summary">
        {smoke.ok
          ? `smoke test passed: out[i] = 2·in[i] + i for ${smoke.n} elements`
          : `smoke test FAILED: out[i] ≠ 2·in[i] + i at ${smoke.mismatches.length} of ${smoke.n} elements`}
      </p>
      <table className="smoke-values">
        <thead>
          <tr>
            <th scope="row">i</th>
            {indices.map((i) => (
              <th key={i}>{i}</th>
            ))}
            <th>…</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">in[i]</th>
            {indices.map((i) => (
              <td key={i}>{smoke.input[i]}</td>
            ))}
            <td>…</td>
          </tr>
          <tr>
            <th scope="row">out[i]</th>
            {indices.map((i) => (
              <td key={i}>{smoke.output[i]}</td>
            ))}
            <td>…</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

const CHIP_TEXT: Partial<Record<GpuState, string>> = { ok: 'WebGPU', idle: 'WebGPU…' };

/** Compact status in the header; the adapter, limits and smoke test open from it. */
export function GpuStatusChip() {
  const state = useGpuStore((s) => s.state);
  const info = useGpuStore((s) => s.info);
  const smoke = useGpuStore((s) => s.smoke);
  const adapter = info ? (info.description || `${info.vendor} ${info.architecture}`).trim() : '';
  const ref = useRef<HTMLDetailsElement | null>(null);

  // a popover: closes on a click elsewhere or on Escape
  useEffect(() => {
    const close = (e: Event) => {
      const d = ref.current;
      if (!d?.open) return;
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !d.contains(e.target as Node)) d.open = false;
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, []);

  return (
    <details
      ref={ref}
      className={`gpu-chip state-${state}`}
      data-testid="gpu-status"
      data-state={state}
      aria-live="polite"
    >
      <summary title={state === 'ok' && adapter ? `WebGPU adapter: ${adapter}` : TITLES[state]}>
        <span className="dot" aria-hidden="true" />
        <span className="chip-title">{CHIP_TEXT[state] ?? TITLES[state]}</span>
        {state === 'ok' && info && (
          <span className="chip-detail">{`${info.vendor} ${info.architecture}`.trim() || adapter}</span>
        )}
        {state !== 'ok' && state !== 'checking' && state !== 'idle' && state !== 'lost' && (
          <span className="chip-detail">using CPU</span>
        )}
      </summary>
      <div className="gpu-popover">
        <h2>
          <span className="dot" aria-hidden="true" /> {TITLES[state]}
        </h2>
        {state !== 'ok' && <p className="message">See the note at the top of the page.</p>}
        {info && <AdapterDetails info={info} />}
        {smoke && <SmokeDetails smoke={smoke} />}
      </div>
    </details>
  );
}

/**
 * The full explanation when WebGPU is missing or broken: what happened, that the app runs on the CPU
 * instead (or, after a device loss, that a reload is needed) and how to get WebGPU.
 */
export function GpuNotice() {
  const state = useGpuStore((s) => s.state);
  const message = useGpuStore((s) => s.message);
  const secureContext = useGpuStore((s) => s.secureContext);
  const [hidden, setHidden] = useState(false);
  const [continuing, setContinuing] = useState(false);
  const backendKind = useRun((s) => s.backendKind);
  if (state === 'ok' || state === 'idle' || state === 'checking') return null;
  const needsHelp = state === 'unsupported' || state === 'no-adapter';
  const lost = state === 'lost';
  if (hidden && !lost) return null;

  return (
    <section
      className={`gpu-notice state-${state}`}
      data-testid="gpu-notice"
      aria-labelledby="gpu-notice-title"
    >
      <div className="gpu-notice-head">
        <h2 id="gpu-notice-title">
          <span className="dot" aria-hidden="true" /> {TITLES[state]}
        </h2>
        {!lost && (
          <button type="button" className="small" onClick={() => setHidden(true)} aria-label="Hide this note">
            Hide
          </button>
        )}
      </div>
      {lost ? (
        <>
          <p className="message" data-testid="gpu-message">
            {message}
          </p>
          {backendKind === 'cpu' && (
            <p data-testid="gpu-continuing">
              The experiment goes on on the <strong>CPU</strong> (float64 engine in a worker) from the last
              step shown before the loss. Reload the page to use the GPU again.
            </p>
          )}
          <div className="gpu-lost-actions">
            {backendKind !== 'cpu' && (
              <button
                type="button"
                className="primary"
                data-testid="continue-on-cpu"
                disabled={continuing}
                onClick={async () => {
                  setContinuing(true);
                  try {
                    await continueOnCpu();
                  } finally {
                    setContinuing(false);
                  }
                }}
              >
                Continue on the CPU
              </button>
            )}
            <button
              type="button"
              className={backendKind === 'cpu' ? 'primary' : ''}
              onClick={() => window.location.reload()}
            >
              Reload
            </button>
          </div>
        </>
      ) : (
        <>
          <p className="fallback">
            ODE Lens is running on the <strong>CPU</strong> instead (float64 reference engine in a worker):
            every view works, training is slower and large networks are out of reach.
          </p>
          {needsHelp && <GpuHelp reason={state} secureContext={secureContext} />}
          <details className="details" open={!needsHelp}>
            <summary>Technical details</summary>
            <p className="message" data-testid="gpu-message">
              {message}
            </p>
          </details>
        </>
      )}
    </section>
  );
}
