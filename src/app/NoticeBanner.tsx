// The run's notice (error, warning, info) as a banner that can be dismissed; a new notice shows again.
import { useState } from 'react';
import { useGpuStore } from '../state/gpu';
import { type Notice, useRun } from '../state/run';
import { NoticeBox } from '../views/common/NoticeBox';

const ICON: Record<Notice['kind'], string> = { error: '⛔', warning: '⚠', info: 'ℹ' };
const LABEL: Record<Notice['kind'], string> = { error: 'Error', warning: 'Warning', info: 'Note' };

export function NoticeBanner() {
  const notice = useRun((s) => s.notice);
  const backendKind = useRun((s) => s.backendKind);
  const gpuState = useGpuStore((s) => s.state);
  const [dismissed, setDismissed] = useState<Notice | null>(null);
  if (!notice || notice === dismissed) return null;
  // the WebGPU note above already says that the run fell back to the CPU
  if (notice.kind === 'info' && backendKind === 'cpu' && gpuState !== 'ok') return null;
  return (
    <NoticeBox
      kind={notice.kind}
      icon={ICON[notice.kind]}
      label={LABEL[notice.kind]}
      testId="run-notice"
      onDismiss={() => setDismissed(notice)}
    >
      {notice.text}
    </NoticeBox>
  );
}
