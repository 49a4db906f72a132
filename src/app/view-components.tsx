// Each view's React component, by id (the views themselves are declared in src/views/registry.ts, free of React
// and CSS so that the link codec and the e2e specs can import them). The type asks for one entry per view.
import type { ComponentType } from 'react';
import { CompareView } from '../views/compare/CompareView';
import { CurvesView } from '../views/curves/CurvesView';
import { HeatmapsView } from '../views/heatmaps/HeatmapsView';
import { MemoryMeter } from '../views/memory/MemoryMeter';
import { MisclassifiedView } from '../views/misclassified/MisclassifiedView';
import type { ViewId } from '../views/registry';
import { SweepView } from '../views/sweeps/SweepView';
import { TrajectoriesView } from '../views/trajectories/TrajectoriesView';

export const VIEW_COMPONENTS: Record<ViewId, ComponentType> = {
  trajectories: TrajectoriesView,
  heatmap: HeatmapsView,
  curves: CurvesView,
  sweep: SweepView,
  memory: MemoryMeter,
  misclassified: MisclassifiedView,
  compare: CompareView,
};
