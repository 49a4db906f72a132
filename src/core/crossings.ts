// Where trajectories of a fan cross. The flow of a neural ODE is a homeomorphism: two of its trajectories
// never meet, so in 1-D the order of the inputs is kept at every depth. A ResNet is a finite composition of
// maps x ↦ x + h f(x, θ_n) that need not be invertible, so it can swap two inputs (Sander et al., Fig. 1):
// any crossing shows that the network is not the discretisation of an ODE flow at this depth.

export interface Crossing {
  /** The two trajectories (fan indices, i < j). */
  i: number;
  j: number;
  /** Between layers n and n + 1, at fraction t ∈ [0, 1] of that step. */
  n: number;
  t: number;
  /** Where they meet: [value] in 1-D, [x, y] in 2-D. */
  at: number[];
}

export interface CrossingResult {
  /** Number of crossing events (a pair that swaps back and forth counts each time). */
  count: number;
  /** Number of distinct pairs that cross at least once. */
  pairs: number;
  /** 1 for each trajectory that takes part in a crossing. */
  involved: Uint8Array;
  /** The crossing events, at most `maxPoints` of them (count is exact). */
  points: Crossing[];
}

function result(F: number): CrossingResult {
  return { count: 0, pairs: 0, involved: new Uint8Array(F), points: [] };
}

/**
 * Crossings in 1-D: pairs whose order flips between layers. `traj` is [L][F] (state n of input i at n*F + i).
 * A pair that touches (equal values) and goes back to its order is not a crossing; touching then passing
 * is one, located at the touching layer.
 */
export function crossings1d(traj: ArrayLike<number>, L: number, F: number, maxPoints = 5000): CrossingResult {
  const out = result(F);
  for (let i = 0; i < F; i++)
    for (let j = i + 1; j < F; j++) {
      let lastSign = 0;
      let crossed = false;
      for (let n = 0; n < L; n++) {
        const a = traj[n * F + i];
        const b = traj[n * F + j];
        const diff = a - b;
        const sign = diff > 0 ? 1 : diff < 0 ? -1 : 0; // NaN counts as 0: no order
        if (sign === 0) continue;
        if (lastSign !== 0 && sign !== lastSign) {
          out.count++;
          crossed = true;
          if (out.points.length < maxPoints) out.points.push(locate1d(traj, F, i, j, n));
        }
        lastSign = sign;
      }
      if (crossed) {
        out.pairs++;
        out.involved[i] = 1;
        out.involved[j] = 1;
      }
    }
  return out;
}

/** Where the pair (i, j), whose order differs at layer n from before, meets on the way to layer n. */
function locate1d(traj: ArrayLike<number>, F: number, i: number, j: number, n: number): Crossing {
  const m = n - 1;
  const a0 = traj[m * F + i];
  const b0 = traj[m * F + j];
  const a1 = traj[n * F + i];
  const b1 = traj[n * F + j];
  const d0 = a0 - b0;
  const d1 = a1 - b1;
  // a touch (d0 = 0, or NaN) puts the crossing at layer m itself
  const t = Number.isFinite(d0) && d0 !== 0 ? d0 / (d0 - d1) : 0;
  return { i, j, n: m, t, at: [a0 + t * (a1 - a0)] };
}

/**
 * Crossings in 2-D: for a step n → n+1, the straight segments of two trajectories intersect AND the pair's
 * relative position r = x_j − x_i turns by more than 90° (r_n · r_{n+1} < 0), i.e. they swap sides, as an
 * order flip does in 1-D. The second condition removes a pure artefact of drawing steps as segments: two
 * points moving almost in line, one behind the other, have intersecting segments though the step map is a
 * near-identity homeomorphism. It never fires for a step x ↦ x + δ(x) with Lip(δ) < 1 (an invertible,
 * ODE-like step): r_{n+1} = r_n + δ(x_j) − δ(x_i) with |δ(x_j) − δ(x_i)| < |r_n| gives r_n · r_{n+1} > 0.
 * `traj` is [L][F][2]. Segments are closed except at their common start, so a meeting at a layer counts once.
 */
export function crossings2d(traj: ArrayLike<number>, L: number, F: number, maxPoints = 5000): CrossingResult {
  const out = result(F);
  const crossedPair = new Uint8Array(F * F);
  const box = new Float64Array(4 * F);
  for (let n = 0; n + 1 < L; n++) {
    const base0 = n * F * 2;
    const base1 = (n + 1) * F * 2;
    for (let i = 0; i < F; i++) {
      const x0 = traj[base0 + 2 * i];
      const y0 = traj[base0 + 2 * i + 1];
      const x1 = traj[base1 + 2 * i];
      const y1 = traj[base1 + 2 * i + 1];
      box[4 * i] = Math.min(x0, x1);
      box[4 * i + 1] = Math.max(x0, x1);
      box[4 * i + 2] = Math.min(y0, y1);
      box[4 * i + 3] = Math.max(y0, y1);
    }
    for (let i = 0; i < F; i++) {
      if (!(box[4 * i] <= box[4 * i + 1] && box[4 * i + 2] <= box[4 * i + 3])) continue; // NaN
      for (let j = i + 1; j < F; j++) {
        // bounding boxes first: most pairs are far apart
        if (
          box[4 * j] > box[4 * i + 1] ||
          box[4 * j + 1] < box[4 * i] ||
          box[4 * j + 2] > box[4 * i + 3] ||
          box[4 * j + 3] < box[4 * i + 2]
        )
          continue;
        const px = traj[base0 + 2 * i];
        const py = traj[base0 + 2 * i + 1];
        const rx = traj[base1 + 2 * i] - px;
        const ry = traj[base1 + 2 * i + 1] - py;
        const qx = traj[base0 + 2 * j];
        const qy = traj[base0 + 2 * j + 1];
        const sx = traj[base1 + 2 * j] - qx;
        const sy = traj[base1 + 2 * j + 1] - qy;
        const denom = rx * sy - ry * sx;
        if (denom === 0) continue; // parallel: collinear overlaps are not crossings
        const wx = qx - px;
        const wy = qy - py;
        const t = (wx * sy - wy * sx) / denom;
        const u = (wx * ry - wy * rx) / denom;
        if (!(t >= 0 && t <= 1 && u >= 0 && u <= 1) || (t === 0 && u === 0)) continue;
        // r_n · r_{n+1} ≥ 0: no swap (meeting exactly at layer n+1: compare with where they go next)
        let ex = wx + sx - rx;
        let ey = wy + sy - ry;
        if (ex === 0 && ey === 0 && n + 2 < L) {
          const base2 = (n + 2) * F * 2;
          ex = traj[base2 + 2 * j] - traj[base2 + 2 * i];
          ey = traj[base2 + 2 * j + 1] - traj[base2 + 2 * i + 1];
        }
        if (!(wx * ex + wy * ey < 0)) continue;
        out.count++;
        crossedPair[i * F + j] = 1;
        out.involved[i] = 1;
        out.involved[j] = 1;
        if (out.points.length < maxPoints) out.points.push({ i, j, n, t, at: [px + t * rx, py + t * ry] });
      }
    }
  }
  for (let k = 0; k < crossedPair.length; k++) out.pairs += crossedPair[k];
  return out;
}
