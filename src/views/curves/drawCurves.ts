// The curves panel as one Draw function (screen, PNG and SVG): loss on top, accuracy and the adjoint's
// gradient error below, sharing the step axis.
import { pal } from '../common/plotKit';
import { type ChartSpec, chartScales, drawChart } from './chart';
import { type CurveData, curvesLayout, type Rect, type Series, yExtent } from './series';

export interface CurvesDrawInput {
  data: CurveData;
  logScale: boolean;
  lossName: string;
}

export interface CurveCharts {
  charts: { id: 'loss' | 'acc' | 'grad'; rect: Rect; spec: ChartSpec }[];
}

export function curveCharts(input: CurvesDrawInput, width: number, height: number): CurveCharts {
  const { data, logScale, lossName } = input;
  const layout = curvesLayout(width, height, { acc: data.acc.length > 0, grad: data.grad.length > 0 });
  const xDomain: [number, number] = [0, Math.max(1, data.maxStep)];
  const pts = (s: Series[]) => s.map((x) => x.points);
  const charts: CurveCharts['charts'] = [
    {
      id: 'loss',
      rect: layout.loss,
      spec: {
        title: `Loss (${lossName})${logScale ? ', log scale' : ''}`,
        series: data.loss,
        xDomain,
        yDomain: yExtent(pts(data.loss), logScale),
        yLog: logScale,
        empty: 'No steps yet: press play (Space)',
      },
    },
  ];
  if (layout.acc)
    charts.push({
      id: 'acc',
      rect: layout.acc,
      spec: {
        title: 'Accuracy',
        series: data.acc,
        xDomain,
        yDomain: accuracyDomain(data.acc),
        yLog: false,
        empty: 'Evaluated once a second',
      },
    });
  if (layout.grad)
    charts.push({
      id: 'grad',
      rect: layout.grad,
      spec: {
        title: 'Adjoint gradient error',
        subtitle: '‖g̃ − g‖/‖g‖ on the diagnostic batch',
        series: data.grad,
        xDomain,
        yDomain: yExtent(pts(data.grad), true),
        yLog: true,
        empty: 'Measured once a second',
      },
    });
  return { charts };
}

/** Accuracy axis: up to 1, down to a round value below the data (at most 0). */
function accuracyDomain(series: Series[]): [number, number] {
  const [lo] = yExtent(
    series.map((s) => s.points),
    false,
  );
  return [Math.max(0, Math.floor(lo * 10) / 10), 1];
}

export function drawCurves(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  input: CurvesDrawInput,
  hoverStep?: number,
): void {
  ctx.fillStyle = pal().bg;
  ctx.fillRect(0, 0, width, height);
  for (const c of curveCharts(input, width, height).charts) drawChart(ctx, c.rect, c.spec, hoverStep);
}

/** The chart under (px, py) and the step there, for the tooltip. */
export function hitCurves(
  input: CurvesDrawInput,
  width: number,
  height: number,
  px: number,
  py: number,
): { id: 'loss' | 'acc' | 'grad'; step: number } | null {
  for (const c of curveCharts(input, width, height).charts) {
    const { plot, x } = chartScales(c.rect, c.spec);
    if (px >= plot.x && px <= plot.x + plot.w && py >= plot.y && py <= plot.y + plot.h)
      return { id: c.id, step: x.invert(px) };
  }
  return null;
}
