// Play/pause, single step, reset and speed, with the counters always in view. Every number is also on the
// element as a data attribute so tests can read it.
import { useEffect, useState } from 'react';
import { effectiveBatch } from '../core/config';
import { choiceDetails, type EnginePreference } from '../run/auto-backend';
import { controller } from '../run/controller';
import { useExperiment } from '../state/experiment';
import { formatTimeLeft, stepTimeLeft, useRun } from '../state/run';
import { RunButtons } from './run/RunButtons';
import { formatRate, formatSpeed, runCounters, SPEEDS, speedIndex, statusText } from './run/runbar';
import './run/runbar.css';

export function RunBar() {
  // the controller's state machine: the phase, and while building whether the new run will play
  const machine = useRun((s) => s.machine);
  const status = machine.phase;
  const step = useRun((s) => s.step);
  const batchLoss = useRun((s) => s.loss);
  // before the first step, the training loss at the initial weights
  const initialLoss = useRun((s) => s.evals[0]?.trainLoss ?? Number.NaN);
  const loss = Number.isFinite(batchLoss) ? batchLoss : initialLoss;
  const stepsPerSec = useRun((s) => s.stepsPerSec);
  const backendLabel = useRun((s) => s.backendLabel);
  const backendKind = useRun((s) => s.backendKind);
  const choice = useRun((s) => s.engineChoice);
  const choosing = useRun((s) => s.choosingEngine);
  const preference = useRun((s) => s.enginePreference);
  const engines = useRun((s) => s.engines);
  const speed = useExperiment((s) => s.views.speed);
  const setSpeed = useExperiment((s) => s.setSpeed);
  const budget = useExperiment((s) => s.config.train.steps);
  const batch = useExperiment((s) => effectiveBatch(s.config));
  const running = status === 'playing';
  const timeLeft = running ? formatTimeLeft(step, budget, stepsPerSec) : '';
  const counters = runCounters(status, step, budget, loss);
  const engineTitle = choice
    ? `${backendLabel}\n${choice.label}: ${choice.reason}\n${choiceDetails(choice)}`
    : backendLabel;

  return (
    <div
      className={`run-bar status-${status}`}
      data-testid="run-bar"
      data-status={status}
      data-step={step}
      data-loss={Number.isFinite(loss) ? loss : ''}
      data-rate={stepsPerSec}
      data-backend={backendKind ?? ''}
      data-engine={choice?.id ?? ''}
      data-engine-how={choosing ? 'timing' : (choice?.how ?? '')}
    >
      <RunButtons />
      <label className="run-speed" title="Training steps per frame, relative">
        <span>Speed</span>
        <input
          type="range"
          min={0}
          max={SPEEDS.length - 1}
          step={1}
          value={speedIndex(speed)}
          onChange={(e) => setSpeed(SPEEDS[Number(e.target.value)])}
          aria-valuetext={formatSpeed(speed)}
          data-testid="run-speed"
        />
        <output className="speed-value">{formatSpeed(speed)}</output>
      </label>
      <dl className="run-stats" aria-live="off">
        <div>
          <dt>step</dt>
          <dd data-testid="run-step-count">
            {counters.step}
            <BatchClock />
            <EvalPending />
          </dd>
        </div>
        <div>
          <dt>loss</dt>
          <dd
            data-testid="run-loss"
            title={
              Number.isFinite(batchLoss)
                ? 'Loss of the last mini-batch'
                : 'Training loss at the initial weights'
            }
          >
            {counters.loss}
          </dd>
        </div>
        <div>
          <dt>steps/s</dt>
          <dd>{running ? formatRate(stepsPerSec) : '—'}</dd>
        </div>
        <div title={`Training samples per second: steps/s × the mini-batch (${batch})`}>
          <dt>samples/s</dt>
          <dd data-testid="run-samples-rate">{running ? formatRate(stepsPerSec * batch) : '—'}</dd>
        </div>
        {timeLeft && (
          <div className="run-eta">
            <dt>budget</dt>
            <dd
              data-testid="run-time-left"
              title={`Time to reach the step budget (${budget.toLocaleString('en-US')} steps) at the measured steps/s`}
            >
              {timeLeft}
            </dd>
          </div>
        )}
        <div>
          <dt>status</dt>
          <dd data-testid="run-status">
            <span className={`status-dot status-${status}`} aria-hidden="true" />
            {statusText(machine, step)}
          </dd>
        </div>
        <div className="run-backend">
          <dt>
            engine
            {engines.length > 1 && (
              <select
                className="engine-select"
                aria-label="Engine"
                title="Engine for this config shape (Auto: the fastest, timed on a few steps)"
                value={preference}
                disabled={status === 'building'}
                onChange={(e) => void controller.setEngine(e.target.value as EnginePreference)}
                data-testid="engine-select"
              >
                <option value="auto">Auto</option>
                {engines.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.label}
                  </option>
                ))}
              </select>
            )}
          </dt>
          <dd data-testid="run-backend" title={engineTitle}>
            {choosing ? (
              <span className="engine-timing">timing the engines…</span>
            ) : choice && choice.how !== 'only' ? (
              <>
                <span className="engine-name" data-testid="engine-name">
                  {choice.label}
                </span>
                <span className="engine-why" data-testid="engine-why">
                  {' · '}
                  {choice.reason}
                </span>
              </>
            ) : (
              backendLabel || '—'
            )}
          </dd>
        </div>
      </dl>
      <DataLoading />
    </div>
  );
}

/** The data download of the config being built (image files), as a progress bar; absent otherwise. */
function DataLoading() {
  const loading = useRun((s) => s.loading);
  if (!loading) return null;
  const pct = Math.round(loading.fraction * 100);
  return (
    <div className="run-data-loading" data-testid="data-loading" data-fraction={loading.fraction}>
      <label>
        <span>Loading {loading.what}…</span>
        <progress max={1} value={loading.fraction} aria-valuetext={`${pct}%`} />
        <output>{pct}%</output>
      </label>
    </div>
  );
}

/** The first evaluation waits for the first batch (a deep net: it would hold the first step): say so. */
function EvalPending() {
  const pending = useRun((s) => s.evalPending);
  if (!pending) return null;
  return (
    <span
      className="run-batch-clock"
      data-testid="run-eval-pending"
      title="Evaluating this deep network (losses on both splits, the adjoint's gradient error) would hold the first training step: it runs after the first batch"
    >
      {' '}
      · evaluation after the first steps
    </span>
  );
}

/**
 * Seconds the training batch in flight has taken, once it passes 2 s: a deep net on the CPU can spend minutes on
 * one step, and the step counter alone would look frozen. Where the engine says how far the step is (CPU
 * engines), its share done and the time left at that pace (stepTimeLeft).
 */
function BatchClock() {
  const since = useRun((s) => s.batchSince);
  const progress = useRun((s) => s.stepProgress);
  const readout = useRun((s) => s.readoutSince);
  const running = useRun((s) => s.status === 'playing');
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if ((since === null || !running) && readout === null) return;
    const id = setInterval(() => setNow(performance.now()), 500);
    return () => clearInterval(id);
  }, [since, running, readout]);
  // the views' read-outs of a huge net (a snapshot) can take minutes too, playing or not
  const reading = readout === null ? 0 : (now - readout) / 1000;
  if (readout !== null && reading >= 2)
    return (
      <span
        className="run-batch-clock"
        data-testid="run-batch-clock"
        data-readout="1"
        title="Time spent reading the network out for the views (trajectories, decision regions, evaluation)"
      >
        {' '}
        · reading out for the views, {Math.floor(reading)} s
      </span>
    );
  const seconds = since === null ? 0 : (now - since) / 1000;
  if (!running || since === null || seconds < 2) return null;
  const eta = progress ? stepTimeLeft(progress.fraction, progress.elapsedMs) : '';
  return (
    <span
      className="run-batch-clock"
      data-testid="run-batch-clock"
      data-fraction={progress ? progress.fraction.toFixed(3) : ''}
      title="Time spent on the training steps in flight (and, on the CPU, how far the step is: layers swept forward and back)"
    >
      {' '}
      ·{' '}
      {progress
        ? `step ${progress.step} computing, ${Math.floor(100 * progress.fraction)} %`
        : 'next step computing'}
      , {Math.floor(seconds)} s{eta ? `, ${eta}` : ''}
    </span>
  );
}
