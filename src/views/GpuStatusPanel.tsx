// WebGPU status: adapter, limits and the smoke shader result, or a clear explanation of what is missing.
import { formatBytes, type GpuInfo, type WantedLimit } from '../engine/device';
import type { SmokeResult } from '../engine/smoke';
import { type GpuState, useGpuStore } from '../state/gpu';
import { GpuHelp } from './GpuHelp';

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

export function GpuStatusPanel() {
  const state = useGpuStore((s) => s.state);
  const message = useGpuStore((s) => s.message);
  const info = useGpuStore((s) => s.info);
  const smoke = useGpuStore((s) => s.smoke);
  const secureContext = useGpuStore((s) => s.secureContext);
  const needsHelp = state === 'unsupported' || state === 'no-adapter';

  return (
    <section
      className={`panel gpu-status state-${state}`}
      data-testid="gpu-status"
      data-state={state}
      aria-live="polite"
    >
      <h2>
        <span className="dot" aria-hidden="true" /> {TITLES[state]}
      </h2>
      {needsHelp ? (
        <>
          <GpuHelp reason={state} secureContext={secureContext} />
          <details className="details">
            <summary>Technical details</summary>
            <p className="message" data-testid="gpu-message">
              {message}
            </p>
          </details>
        </>
      ) : (
        message &&
        state !== 'ok' && (
          <p className="message" data-testid="gpu-message">
            {message}
          </p>
        )
      )}
      {state === 'lost' && (
        <button type="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      )}
      {info && <AdapterDetails info={info} />}
      {smoke && <SmokeDetails smoke={smoke} />}
    </section>
  );
}
