// What to do when WebGPU is missing: shown for the 'unsupported' and 'no-adapter' states.

export function GpuHelp({
  reason,
  secureContext,
}: {
  reason: 'unsupported' | 'no-adapter';
  secureContext: boolean;
}) {
  if (reason === 'unsupported') {
    return (
      <div className="help" data-testid="gpu-help">
        <p>
          <strong>This browser does not offer WebGPU</strong> (<code>navigator.gpu</code> is missing), and ODE
          Lens trains its networks on the GPU through WebGPU.
        </p>
        <ul>
          {!secureContext && (
            <li>
              This page is not a secure context, which hides WebGPU: open it over <code>https://</code> or
              from <code>http://localhost</code> / <code>http://127.0.0.1</code>.
            </li>
          )}
          <li>
            Use a recent <strong>Chrome</strong> or <strong>Edge</strong> (version 113 or newer) on Windows,
            macOS or ChromeOS; recent Safari and Firefox versions are adding WebGPU too.
          </li>
          <li>
            On Linux, start Chrome/Chromium with <code>--enable-unsafe-webgpu</code> or turn on{' '}
            <code>chrome://flags/#enable-unsafe-webgpu</code>.
          </li>
        </ul>
      </div>
    );
  }
  return (
    <div className="help" data-testid="gpu-help">
      <p>
        <strong>WebGPU is there, but the browser offered no GPU adapter.</strong> Usually the GPU or driver is
        blocklisted, or WebGPU is switched off.
      </p>
      <ul>
        <li>
          In Chrome/Chromium/Edge enable <code>chrome://flags/#enable-unsafe-webgpu</code> (or start the
          browser with <code>--enable-unsafe-webgpu</code>), then restart it.
        </li>
        <li>
          Check <code>chrome://gpu</code> for “WebGPU: Hardware accelerated” and update the GPU driver if it
          is disabled.
        </li>
      </ul>
    </div>
  );
}
