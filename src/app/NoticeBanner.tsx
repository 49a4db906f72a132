// The run's notice (error, warning, info) as a banner that can be dismissed; a new notice shows again. A config
// that could not be built stays in the settings, as asked: its notice offers the way back to the run that goes on.
import { useState } from 'react';
import { same } from '../core/same';
import { useExperiment } from '../state/experiment';
import { useGpuStore } from '../state/gpu';
import { type Notice, useRun } from '../state/run';
import { NoticeBox } from '../views/common/NoticeBox';

const ICON: Record<Notice['kind'], string> = { error: '⛔', warning: '⚠', info: 'ℹ' };
const LABEL: Record<Notice['kind'], string> = { error: 'Error', warning: 'Warning', info: 'Note' };

export function NoticeBanner() {
  const notice = useRun((s) => s.notice);
  const rejected = useRun((s) => s.rejected);
  const backendKind = useRun((s) => s.backendKind);
  const gpuState = useGpuStore((s) => s.state);
  const config = useExperiment((s) => s.config);
  const [dismissed, setDismissed] = useState<Notice | null>(null);
  if (!notice || notice === dismissed) return null;
  // the WebGPU note above already says that the run fell back to the CPU
  if (notice.kind === 'info' && backendKind === 'cpu' && gpuState !== 'ok') return null;
  const running = rejected?.running;
  const back = running && !same(config, running) ? running : null;
  return (
    <NoticeBox
      kind={notice.kind}
      icon={ICON[notice.kind]}
      label={LABEL[notice.kind]}
      testId="run-notice"
      onDismiss={() => setDismissed(notice)}
      actions={
        back && (
          <button
            type="button"
            data-testid="back-to-running"
            onClick={() => useExperiment.getState().load(back)}
            title="Show the settings of the experiment that is running (the one above could not start)"
          >
            Back to the running experiment
          </button>
        )
      }
    >
      {notice.text}
      {back && ' The settings show the configuration asked for; the previous run goes on.'}
    </NoticeBox>
  );
}
