// ODE Lens float32 CPU engine: the residual stack of a training step in WebAssembly SIMD (AssemblyScript).
// Built by `npm run build:wasm` (scripts/build-wasm.mjs) into src/wasm/kernels.wasm.ts; the extension is .as so
// that tsc and Biome leave this file alone (it is AssemblyScript: v128, f32, @inline).
//
// Everything is batched: a layer processes all R rows of the batch at once as small matrix products.
// Layouts (floats, row-major, every row padded with zeros to a multiple of 4 so inner loops are whole f32x4):
//   states / vectors  [R][DP]          DP = d rounded up to 4
//   activations       [R][MP]          MP = M rounded up to 4
//   MLP set n         Wt [DP][MP] | W [MP][DP] | b [MP] | V [DP][MP] | Vt [MP][DP]   (both orientations, so
//                     every product is C[r][:] += A[r][k] · Bm[k][:] with a contiguous Bm row)
//   linear set n      θ [DP][DP] | θᵀ [DP][DP] | b [DP]
//   MLP grads         gW [MP][DP] | gb [MP] | gV [DP][MP];   linear grads gθ [DP][DP] | gb [DP]
//   depth input (DEPTHN > 0: linear-s, mlp-s of src/residuals/depth-input.ts): u [MP] (MLP) or [DP] (linear)
//                     after each set and gu after each set's grads; s = n/N enters as c·s·u + b in the MLP's
//                     bias (a = c·(Wx + s·u) + b) and as s·u + b in the linear one
// The f64 parameter sets ([P][setSize], src/core/params.ts) are packed here from a staging area, and the
// gradients unpacked back to f64, so JS only copies typed arrays.

// ---- configuration ----
let KIND: i32 = 0; // 0 linear, 1 mlp
let D: i32 = 0;
let DP: i32 = 0;
let M: i32 = 0;
let MP: i32 = 0;
let BIAS: i32 = 0;
let ACT: i32 = 0; // 0 relu, 1 tanh, 2 gelu, 3 identity
let C: f32 = 1;
let H: f32 = 1;
let HEUN: i32 = 0;
let S: i32 = 0;
let P: i32 = 0;
let BCAP: i32 = 0;
let EXACT: i32 = 0;
let STOREACT: i32 = 0;
let SET64: i32 = 0;
let WSTRIDE: i32 = 0;
let GSTRIDE: i32 = 0;
let DEPTHN: i32 = 0; // depth-input kinds: the depth N of s = n/N; 0 = no depth input
let UW: i32 = 0; // offsets (floats) of u in a packed set and of gu in a gradient set
let UG: i32 = 0;

// ---- memory (byte offsets) ----
let top: usize = 0;
let pW: usize = 0; // packed f32 weights [P][WSTRIDE]
let pG: usize = 0; // f32 gradients [P][GSTRIDE]
let pW64: usize = 0; // f64 staging: parameter sets in, gradients out [P][SET64]
let pX64: usize = 0; // f64 staging: rows in (x0, ∂L/∂x_S) and out (x_S) [BCAP][D]
let pStates: usize = 0; // exact: x_n [S+1][R][DP]
let pYst: usize = 0; // exact Heun: y_n [S][R][DP]
let pZ1: usize = 0; // exact, stored activations of f(x_n, θ_n): z and σ'(a) [S][R][MP]
let pD1: usize = 0;
let pZ2: usize = 0; // exact Heun: of f(y_n, θ_{n+1})
let pD2: usize = 0;
let pX: usize = 0; // current state [BCAP][DP]
let pT: usize = 0; // y / ỹ scratch
let pF1: usize = 0;
let pF2: usize = 0;
let pGc: usize = 0; // cotangent ∂L/∂x_n
let pU: usize = 0;
let pWv: usize = 0;
let pGy: usize = 0;
let pZa: usize = 0; // scratch activations [BCAP][MP]
let pDa: usize = 0;
let pZb: usize = 0;
let pDb: usize = 0;
let pGZ: usize = 0;
let pBs: usize = 0; // depth input: the bias of one evaluation, b + (c·)s·u [max(MP, DP)]; column sums for gu

function alloc(floats: i32): usize {
  const p = top;
  top += ((<usize>floats << 2) + 15) & ~(<usize>15);
  return p;
}

@inline function r4(n: i32): i32 {
  return (n + 3) & ~3;
}

/**
 * Sets the network and allocates every buffer: scratch for up to `bcap` rows, stored states (exact mode) and
 * activations (when storeAct) for a training batch of up to `btrain` rows. Returns the end of the used memory
 * in bytes, or 0 when memory cannot grow.
 */
export function configure(
  kind: i32,
  d: i32,
  m: i32,
  bias: i32,
  act: i32,
  c: f32,
  h: f32,
  heun: i32,
  steps: i32,
  sets: i32,
  bcap: i32,
  btrain: i32,
  exact: i32,
  storeAct: i32,
  depthN: i32,
): usize {
  KIND = kind;
  DEPTHN = depthN;
  D = d;
  DP = r4(d);
  M = kind == 1 ? m : 0;
  MP = kind == 1 ? r4(m) : 0;
  BIAS = bias;
  ACT = act;
  C = c;
  H = h;
  HEUN = heun;
  S = steps;
  P = sets;
  BCAP = bcap;
  EXACT = exact;
  STOREACT = kind == 1 && exact != 0 ? storeAct : 0;
  if (kind == 1) {
    SET64 = 2 * M * D + (bias ? M : 0);
    WSTRIDE = 4 * DP * MP + MP;
    GSTRIDE = 2 * MP * DP + MP;
  } else {
    SET64 = D * D + (bias ? D : 0);
    WSTRIDE = 2 * DP * DP + DP;
    GSTRIDE = DP * DP + DP;
  }
  UW = WSTRIDE;
  UG = GSTRIDE;
  if (depthN > 0) {
    const un = kind == 1 ? M : D;
    SET64 += un;
    WSTRIDE += kind == 1 ? MP : DP;
    GSTRIDE += kind == 1 ? MP : DP;
  }
  top = (__heap_base + 15) & ~(<usize>15);
  pW = alloc(P * WSTRIDE);
  pG = alloc(P * GSTRIDE);
  pW64 = alloc(2 * P * SET64);
  pX64 = alloc(2 * BCAP * D);
  const vec = BCAP * DP;
  const act1 = BCAP * (MP > 0 ? MP : 4);
  const tvec = btrain * DP;
  const tact = btrain * (MP > 0 ? MP : 4);
  pStates = exact ? alloc((S + 1) * tvec) : 0;
  pYst = exact && heun ? alloc(S * tvec) : 0;
  pZ1 = STOREACT ? alloc(S * tact) : 0;
  pD1 = STOREACT ? alloc(S * tact) : 0;
  pZ2 = STOREACT && heun ? alloc(S * tact) : 0;
  pD2 = STOREACT && heun ? alloc(S * tact) : 0;
  pX = alloc(vec);
  pT = alloc(vec);
  pF1 = alloc(vec);
  pF2 = alloc(vec);
  pGc = alloc(vec);
  pU = alloc(vec);
  pWv = alloc(vec);
  pGy = alloc(vec);
  pZa = alloc(act1);
  pDa = alloc(act1);
  pZb = alloc(act1);
  pDb = alloc(act1);
  pGZ = alloc(act1);
  pBs = alloc(MP > DP ? MP : DP);
  const need = <i32>((top + 0xffff) >> 16);
  const have = memory.size();
  if (need > have && memory.grow(need - have) < 0) return 0;
  return top;
}

export function weights64Ptr(): usize {
  return pW64;
}
export function rows64Ptr(): usize {
  return pX64;
}
/** The current state [R][DP] (f32): x_S after a forward pass without storage, x̃_0 after an adjoint backward. */
export function statePtr(): usize {
  return pX;
}

// ---- matrix products ----
// C[R][N] (+)= A·Bm with A(r, k) at a + 4(r·ars + k·aks), Bm[k][j] at b + 4(k·ldb + j), C[r][j] at
// c + 4(r·ldc + j); N is a multiple of 4. Register tiles of 4 rows × 8 columns (8 f32x4 accumulators).

@inline function k4x8(K: i32, a: usize, aR: usize, aK: usize, b: usize, bK: usize, c: usize, cR: usize, acc: bool): void {
  let c00 = f32x4.splat(0);
  let c01 = c00;
  let c10 = c00;
  let c11 = c00;
  let c20 = c00;
  let c21 = c00;
  let c30 = c00;
  let c31 = c00;
  if (acc) {
    c00 = v128.load(c);
    c01 = v128.load(c, 16);
    c10 = v128.load(c + cR);
    c11 = v128.load(c + cR, 16);
    c20 = v128.load(c + 2 * cR);
    c21 = v128.load(c + 2 * cR, 16);
    c30 = v128.load(c + 3 * cR);
    c31 = v128.load(c + 3 * cR, 16);
  }
  const aR2 = aR + aR;
  const aR3 = aR2 + aR;
  for (let k = 0; k < K; k++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let s = v128.load32_splat(a);
    c00 = f32x4.add(c00, f32x4.mul(s, b0));
    c01 = f32x4.add(c01, f32x4.mul(s, b1));
    s = v128.load32_splat(a + aR);
    c10 = f32x4.add(c10, f32x4.mul(s, b0));
    c11 = f32x4.add(c11, f32x4.mul(s, b1));
    s = v128.load32_splat(a + aR2);
    c20 = f32x4.add(c20, f32x4.mul(s, b0));
    c21 = f32x4.add(c21, f32x4.mul(s, b1));
    s = v128.load32_splat(a + aR3);
    c30 = f32x4.add(c30, f32x4.mul(s, b0));
    c31 = f32x4.add(c31, f32x4.mul(s, b1));
    a += aK;
    b += bK;
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + cR, c10);
  v128.store(c + cR, c11, 16);
  v128.store(c + 2 * cR, c20);
  v128.store(c + 2 * cR, c21, 16);
  v128.store(c + 3 * cR, c30);
  v128.store(c + 3 * cR, c31, 16);
}

@inline function k4x4(K: i32, a: usize, aR: usize, aK: usize, b: usize, bK: usize, c: usize, cR: usize, acc: bool): void {
  let c0 = f32x4.splat(0);
  let c1 = c0;
  let c2 = c0;
  let c3 = c0;
  if (acc) {
    c0 = v128.load(c);
    c1 = v128.load(c + cR);
    c2 = v128.load(c + 2 * cR);
    c3 = v128.load(c + 3 * cR);
  }
  const aR2 = aR + aR;
  const aR3 = aR2 + aR;
  for (let k = 0; k < K; k++) {
    const b0 = v128.load(b);
    c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(a), b0));
    c1 = f32x4.add(c1, f32x4.mul(v128.load32_splat(a + aR), b0));
    c2 = f32x4.add(c2, f32x4.mul(v128.load32_splat(a + aR2), b0));
    c3 = f32x4.add(c3, f32x4.mul(v128.load32_splat(a + aR3), b0));
    a += aK;
    b += bK;
  }
  v128.store(c, c0);
  v128.store(c + cR, c1);
  v128.store(c + 2 * cR, c2);
  v128.store(c + 3 * cR, c3);
}

@inline function k1x8(K: i32, a: usize, aK: usize, b: usize, bK: usize, c: usize, acc: bool): void {
  let c0 = f32x4.splat(0);
  let c1 = c0;
  if (acc) {
    c0 = v128.load(c);
    c1 = v128.load(c, 16);
  }
  for (let k = 0; k < K; k++) {
    const s = v128.load32_splat(a);
    c0 = f32x4.add(c0, f32x4.mul(s, v128.load(b)));
    c1 = f32x4.add(c1, f32x4.mul(s, v128.load(b, 16)));
    a += aK;
    b += bK;
  }
  v128.store(c, c0);
  v128.store(c, c1, 16);
}

@inline function k1x4(K: i32, a: usize, aK: usize, b: usize, bK: usize, c: usize, acc: bool): void {
  let c0 = f32x4.splat(0);
  if (acc) c0 = v128.load(c);
  for (let k = 0; k < K; k++) {
    c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(a), v128.load(b)));
    a += aK;
    b += bK;
  }
  v128.store(c, c0);
}

function gemm(
  R: i32,
  N: i32,
  K: i32,
  a: usize,
  ars: i32,
  aks: i32,
  b: usize,
  ldb: i32,
  c: usize,
  ldc: i32,
  acc: bool,
): void {
  const aR = <usize>ars << 2;
  const aK = <usize>aks << 2;
  const bK = <usize>ldb << 2;
  const cR = <usize>ldc << 2;
  let r = 0;
  for (; r + 4 <= R; r += 4) {
    const ar = a + <usize>r * aR;
    const cr = c + <usize>r * cR;
    let j = 0;
    for (; j + 8 <= N; j += 8) k4x8(K, ar, aR, aK, b + (<usize>j << 2), bK, cr + (<usize>j << 2), cR, acc);
    if (j < N) k4x4(K, ar, aR, aK, b + (<usize>j << 2), bK, cr + (<usize>j << 2), cR, acc);
  }
  for (; r < R; r++) {
    const ar = a + <usize>r * aR;
    const cr = c + <usize>r * cR;
    let j = 0;
    for (; j + 8 <= N; j += 8) k1x8(K, ar, aK, b + (<usize>j << 2), bK, cr + (<usize>j << 2), acc);
    if (j < N) k1x4(K, ar, aK, b + (<usize>j << 2), bK, cr + (<usize>j << 2), acc);
  }
}

// ---- activations (f32x4) ----

/**
 * tanh as Eigen's (and XLA's) float rational approximation: x·P(x²)/Q(x²) on |x| ≤ 7.9053 (beyond, tanh rounds to
 * ±1 in float32), x itself for |x| < 4e-4. Max error ≈ 4e-7 relative (a few ulp). NaN propagates.
 */
@inline function vtanh(x0: v128): v128 {
  const x = f32x4.min(f32x4.max(x0, f32x4.splat(-7.90531110763549805)), f32x4.splat(7.90531110763549805));
  const x2 = f32x4.mul(x, x);
  let p = f32x4.splat(-2.76076847742355e-16);
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(2.00018790482477e-13));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(-8.60467152213735e-11));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(5.12229709037114e-8));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(1.48572235717979e-5));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(6.37261928875436e-4));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(4.89352455891786e-3));
  p = f32x4.mul(p, x);
  let q = f32x4.splat(1.19825839466702e-6);
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(1.18534705686654e-4));
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(2.268434632439e-3));
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(4.89352518554385e-3));
  return v128.bitselect(x, f32x4.div(p, q), f32x4.lt(f32x4.abs(x), f32x4.splat(0.0004)));
}

const GELU_K: f32 = 0.7978845608028654;
const GELU_A: f32 = 0.044715;

/**
 * In place over rows [R][MP] of A = X·Wᵀ: a = c·A + b (no b when bp = 0), z = σ(a) (written back to `za`), and
 * σ'(a) into `dv` when dv ≠ 0.
 */
function activate(R: i32, za: usize, dv: usize, bp: usize): void {
  const n = (<usize>R * <usize>MP) << 2;
  const row = <usize>MP << 2;
  const cv = f32x4.splat(C);
  const bias = bp != 0;
  const deriv = dv != 0;
  const act = ACT;
  const one = f32x4.splat(1.0);
  const half = f32x4.splat(0.5);
  const zero = f32x4.splat(0);
  // i runs over the whole [R][MP] block; j = i mod row picks the bias entry
  let j: usize = 0;
  for (let i: usize = 0; i < n; i += 16) {
    let a = f32x4.mul(cv, v128.load(za + i));
    if (bias) a = f32x4.add(a, v128.load(bp + j));
    j += 16;
    if (j == row) j = 0;
    if (act == 1) {
      const z = vtanh(a);
      v128.store(za + i, z);
      if (deriv) v128.store(dv + i, f32x4.sub(one, f32x4.mul(z, z)));
    } else if (act == 0) {
      v128.store(za + i, f32x4.max(a, zero));
      if (deriv) v128.store(dv + i, v128.and(f32x4.gt(a, zero), one));
    } else if (act == 2) {
      const a2 = f32x4.mul(a, a);
      const u = f32x4.mul(f32x4.splat(GELU_K), f32x4.add(a, f32x4.mul(f32x4.splat(GELU_A), f32x4.mul(a2, a))));
      const t = vtanh(u);
      const opt = f32x4.add(one, t);
      v128.store(za + i, f32x4.mul(f32x4.mul(half, a), opt));
      // 0.5(1 + t) + 0.5 a (1 − t²) k (1 + 3·0.044715 a²)
      if (deriv) {
        const inner = f32x4.add(one, f32x4.mul(f32x4.splat(3 * GELU_A), a2));
        const sech2 = f32x4.sub(one, f32x4.mul(t, t));
        v128.store(
          dv + i,
          f32x4.add(
            f32x4.mul(half, opt),
            f32x4.mul(f32x4.mul(f32x4.mul(half, a), sech2), f32x4.mul(f32x4.splat(GELU_K), inner)),
          ),
        );
      }
    } else {
      v128.store(za + i, a);
      if (deriv) v128.store(dv + i, one);
    }
  }
}

// ---- the residual function on a batch ----

@inline function wset(n: i32): usize {
  return pW + ((<usize>n * <usize>WSTRIDE) << 2);
}
@inline function gset(n: i32): usize {
  return pG + ((<usize>n * <usize>GSTRIDE) << 2);
}

/** Depth s = n/N of parameter set n (depth-input kinds). */
@inline function depthOf(n: i32): f32 {
  return <f32>n / <f32>DEPTHN;
}

/** Depth input: pBs[0..width) = b + k·u of set w (b only with BIAS), for k = s (linear) or c·s (MLP). */
function depthBias(w: usize, bOff: i32, k: f32, width: i32): usize {
  const kv = f32x4.splat(k);
  const uo = w + (<usize>UW << 2);
  const bo = w + (<usize>bOff << 2);
  const end = <usize>width << 2;
  for (let j: usize = 0; j < end; j += 16) {
    let v = f32x4.mul(kv, v128.load(uo + j));
    if (BIAS) v = f32x4.add(v128.load(bo + j), v);
    v128.store(pBs + j, v);
  }
  return pBs;
}

/** Depth input: gu of gradient set g += k · Σ_r rows of v [R][width], for k = s (linear) or c·s (MLP, v = ga). */
function depthGrad(g: usize, R: i32, v: usize, width: i32, k: f32): void {
  memory.fill(pBs, 0, <usize>width << 2);
  colSum(R, v, width, pBs);
  const kv = f32x4.splat(k);
  const go = g + (<usize>UG << 2);
  const end = <usize>width << 2;
  for (let j: usize = 0; j < end; j += 16) v128.store(go + j, f32x4.add(v128.load(go + j), f32x4.mul(kv, v128.load(pBs + j))));
}

/**
 * F = f(X, θ_n) for R rows (at depth s = n/N for depth-input kinds); for MLPs leaves z (and σ'(a) when dv ≠ 0)
 * in za/dv. With f = 0 only the activations are computed (what a VJP needs).
 */
function evalF(n: i32, R: i32, x: usize, f: usize, za: usize, dv: usize): void {
  const w = wset(n);
  if (KIND == 0) {
    gemm(R, DP, D, x, DP, 1, w + ((<usize>(DP * DP)) << 2), DP, f, DP, false);
    if (DEPTHN > 0) addRows(R, f, depthBias(w, 2 * DP * DP, depthOf(n), DP), DP);
    else if (BIAS) addRows(R, f, w + ((<usize>(2 * DP * DP)) << 2), DP);
    return;
  }
  gemm(R, MP, D, x, DP, 1, w, MP, za, MP, false);
  const bp = w + ((<usize>(2 * DP * MP)) << 2);
  if (DEPTHN > 0) activate(R, za, dv, depthBias(w, 2 * DP * MP, C * depthOf(n), MP));
  else activate(R, za, dv, BIAS ? bp : 0);
  if (f) gemm(R, DP, M, za, MP, 1, w + ((<usize>(3 * DP * MP + MP)) << 2), DP, f, DP, false);
}

/**
 * Vector-Jacobian products at the point of the last evalF (input x, activations za/dv):
 * gθ_n += ∂θ f(x, θ_n)ᵀ u over the batch, and gx += ∂x f(x, θ_n)ᵀ u per row (skipped when gx = 0).
 */
function vjp(n: i32, R: i32, x: usize, za: usize, dv: usize, u: usize, gx: usize): void {
  const w = wset(n);
  const g = gset(n);
  if (KIND == 0) {
    gemm(D, DP, R, u, 1, DP, x, DP, g, DP, true); // gθ[i][j] += Σ_b u[b][i] x[b][j]
    if (BIAS) colSum(R, u, DP, g + ((<usize>(DP * DP)) << 2));
    if (DEPTHN > 0) depthGrad(g, R, u, DP, depthOf(n)); // gu[i] += s Σ_b u[b][i]
    if (gx) gemm(R, DP, D, u, DP, 1, w, DP, gx, DP, true); // gx[b][j] += Σ_i u[b][i] θ[i][j]
    return;
  }
  const row = <usize>MP << 2;
  gemm(R, MP, D, u, DP, 1, w + ((<usize>(2 * DP * MP + MP)) << 2), MP, pGZ, MP, false); // gz = u V
  // ga = σ'(a) ⊙ gz; gb += Σ_b ga; then ga ← c·ga
  const cv = f32x4.splat(C);
  const gb = g + ((<usize>(MP * DP)) << 2);
  for (let r = 0; r < R; r++) {
    const o = <usize>r * row;
    for (let j: usize = 0; j < row; j += 16) {
      const ga = f32x4.mul(v128.load(dv + o + j), v128.load(pGZ + o + j));
      if (BIAS) v128.store(gb + j, f32x4.add(v128.load(gb + j), ga));
      v128.store(pGZ + o + j, f32x4.mul(cv, ga));
    }
  }
  gemm(D, MP, R, u, 1, DP, za, MP, g + ((<usize>(MP * DP + MP)) << 2), MP, true); // gV += uᵀ z
  gemm(M, DP, R, pGZ, 1, MP, x, DP, g, DP, true); // gW += (c·ga)ᵀ x
  if (DEPTHN > 0) depthGrad(g, R, pGZ, MP, depthOf(n)); // gu[j] += s Σ_b c·ga[b][j]
  if (gx) gemm(R, DP, M, pGZ, MP, 1, w + ((<usize>(DP * MP)) << 2), DP, gx, DP, true); // gx += (c·ga) W
}

// ---- elementwise helpers over [R][width] (width a multiple of 4) ----

function addRows(R: i32, x: usize, v: usize, width: i32): void {
  const row = <usize>width << 2;
  for (let r = 0; r < R; r++) {
    const o = x + <usize>r * row;
    for (let j: usize = 0; j < row; j += 16) v128.store(o + j, f32x4.add(v128.load(o + j), v128.load(v + j)));
  }
}

function colSum(R: i32, x: usize, width: i32, out: usize): void {
  const row = <usize>width << 2;
  for (let r = 0; r < R; r++) {
    const o = x + <usize>r * row;
    for (let j: usize = 0; j < row; j += 16) v128.store(out + j, f32x4.add(v128.load(out + j), v128.load(o + j)));
  }
}

/** out = x + s·f over R state rows (out may alias x). */
function axpy(R: i32, out: usize, x: usize, s: f32, f: usize): void {
  const sv = f32x4.splat(s);
  const end = (<usize>R * <usize>DP) << 2;
  for (let i: usize = 0; i < end; i += 16)
    v128.store(out + i, f32x4.add(v128.load(x + i), f32x4.mul(sv, v128.load(f + i))));
}

/** out = x + s·(f1 + f2). */
function axpy2(R: i32, out: usize, x: usize, s: f32, f1: usize, f2: usize): void {
  const sv = f32x4.splat(s);
  const end = (<usize>R * <usize>DP) << 2;
  for (let i: usize = 0; i < end; i += 16)
    v128.store(out + i, f32x4.add(v128.load(x + i), f32x4.mul(sv, f32x4.add(v128.load(f1 + i), v128.load(f2 + i)))));
}

/** out = s·x. */
function scale(R: i32, out: usize, s: f32, x: usize): void {
  const sv = f32x4.splat(s);
  const end = (<usize>R * <usize>DP) << 2;
  for (let i: usize = 0; i < end; i += 16) v128.store(out + i, f32x4.mul(sv, v128.load(x + i)));
}

// ---- f64 staging ----

function rowsIn(R: i32, dst: usize): void {
  memory.fill(dst, 0, (<usize>R * <usize>DP) << 2);
  for (let r = 0; r < R; r++)
    for (let i = 0; i < D; i++)
      store<f32>(dst + ((<usize>(r * DP + i)) << 2), <f32>load<f64>(pX64 + ((<usize>(r * D + i)) << 3)));
}

function rowsOut(R: i32, src: usize): void {
  for (let r = 0; r < R; r++)
    for (let i = 0; i < D; i++)
      store<f64>(pX64 + ((<usize>(r * D + i)) << 3), <f64>load<f32>(src + ((<usize>(r * DP + i)) << 2)));
}

@inline function at64(p: usize, i: i32): f32 {
  return <f32>load<f64>(p + (<usize>i << 3));
}
@inline function put32(p: usize, i: i32, v: f32): void {
  store<f32>(p + (<usize>i << 2), v);
}

/** f64 parameter sets [P][SET64] in the staging area → packed f32 sets (both orientations, padded). */
export function packWeights(): void {
  memory.fill(pW, 0, (<usize>P * <usize>WSTRIDE) << 2);
  for (let n = 0; n < P; n++) {
    const src = pW64 + ((<usize>n * <usize>SET64) << 3);
    const w = wset(n);
    if (KIND == 0) {
      for (let i = 0; i < D; i++)
        for (let j = 0; j < D; j++) {
          const v = at64(src, i * D + j);
          put32(w, i * DP + j, v);
          put32(w, DP * DP + j * DP + i, v);
        }
      if (BIAS) for (let i = 0; i < D; i++) put32(w, 2 * DP * DP + i, at64(src, D * D + i));
      if (DEPTHN > 0) for (let i = 0; i < D; i++) put32(w, UW + i, at64(src, D * D + (BIAS ? D : 0) + i));
      continue;
    }
    for (let j = 0; j < M; j++)
      for (let k = 0; k < D; k++) {
        const v = at64(src, j * D + k);
        put32(w, k * MP + j, v); // Wt
        put32(w, DP * MP + j * DP + k, v); // W
      }
    if (BIAS) for (let j = 0; j < M; j++) put32(w, 2 * DP * MP + j, at64(src, M * D + j));
    const vo = M * D + (BIAS ? M : 0);
    for (let i = 0; i < D; i++)
      for (let j = 0; j < M; j++) {
        const v = at64(src, vo + i * M + j);
        put32(w, 2 * DP * MP + MP + i * MP + j, v); // V
        put32(w, 3 * DP * MP + MP + j * DP + i, v); // Vt
      }
    if (DEPTHN > 0) for (let j = 0; j < M; j++) put32(w, UW + j, at64(src, vo + D * M + j));
  }
}

/** f32 gradients → f64 [P][SET64] in the staging area. */
function unpackGrads(): void {
  for (let n = 0; n < P; n++) {
    const dst = pW64 + ((<usize>n * <usize>SET64) << 3);
    const g = gset(n);
    if (KIND == 0) {
      for (let i = 0; i < D; i++)
        for (let j = 0; j < D; j++)
          store<f64>(dst + (<usize>(i * D + j) << 3), <f64>load<f32>(g + (<usize>(i * DP + j) << 2)));
      if (BIAS)
        for (let i = 0; i < D; i++)
          store<f64>(dst + (<usize>(D * D + i) << 3), <f64>load<f32>(g + (<usize>(DP * DP + i) << 2)));
      if (DEPTHN > 0)
        for (let i = 0; i < D; i++)
          store<f64>(dst + (<usize>(D * D + (BIAS ? D : 0) + i) << 3), <f64>load<f32>(g + (<usize>(UG + i) << 2)));
      continue;
    }
    for (let j = 0; j < M; j++)
      for (let k = 0; k < D; k++)
        store<f64>(dst + (<usize>(j * D + k) << 3), <f64>load<f32>(g + (<usize>(j * DP + k) << 2)));
    if (BIAS)
      for (let j = 0; j < M; j++)
        store<f64>(dst + (<usize>(M * D + j) << 3), <f64>load<f32>(g + (<usize>(MP * DP + j) << 2)));
    const vo = M * D + (BIAS ? M : 0);
    for (let i = 0; i < D; i++)
      for (let j = 0; j < M; j++)
        store<f64>(
          dst + (<usize>(vo + i * M + j) << 3),
          <f64>load<f32>(g + (<usize>(MP * DP + MP + i * MP + j) << 2)),
        );
    if (DEPTHN > 0)
      for (let j = 0; j < M; j++)
        store<f64>(dst + (<usize>(vo + D * M + j) << 3), <f64>load<f32>(g + (<usize>(UG + j) << 2)));
  }
}

// ---- forward, reverse, backward ----

/**
 * Layers [n0, n1) of the forward pass: x0 [R][D] (f64 rows staging) in when n0 = 0, x_S [R][D] (same staging)
 * out when n1 = S. The state between two calls stays in memory (pX, or the stored x_n), so a pass run in
 * several layer ranges does the same float operations in the same order as one call over [0, S) (the JS side
 * runs a long pass in ranges to report its progress). With store (exact training), keeps every state (and y_n
 * for Heun, and the MLP activations when they fit) for `backward`; otherwise x_S stays in pX.
 */
export function forward(R: i32, store: i32, n0: i32, n1: i32): void {
  const vb = (<usize>R * <usize>DP) << 2;
  const ab = (<usize>R * <usize>(MP > 0 ? MP : 4)) << 2;
  const keep = store != 0 && EXACT != 0;
  const keepAct = keep && STOREACT != 0;
  let x = keep ? pStates + <usize>n0 * vb : pX;
  if (n0 == 0) rowsIn(R, x);
  for (let n = n0; n < n1; n++) {
    const xo = keep ? x + vb : x;
    const z1 = keepAct ? pZ1 + <usize>n * ab : pZa;
    const d1 = keepAct ? pD1 + <usize>n * ab : 0;
    evalF(n, R, x, pF1, z1, d1);
    if (!HEUN) {
      axpy(R, xo, x, H, pF1);
    } else {
      const y = keep ? pYst + <usize>n * vb : pT;
      axpy(R, y, x, H, pF1);
      evalF(n + 1, R, y, pF2, keepAct ? pZ2 + <usize>n * ab : pZb, keepAct ? pD2 + <usize>n * ab : 0);
      axpy2(R, xo, x, 0.5 * H, pF1, pF2);
    }
    x = xo;
  }
  if (n1 == S) rowsOut(R, x);
}

/** One reverse step in place on pX: x̃_{n+1} → x̃_n (eq. 6 / eq. 9). */
function reverseStep(n: i32, R: i32): void {
  if (!HEUN) {
    evalF(n, R, pX, pF1, pZa, 0);
    axpy(R, pX, pX, -H, pF1);
    return;
  }
  evalF(n + 1, R, pX, pF1, pZa, 0);
  axpy(R, pT, pX, -H, pF1);
  evalF(n, R, pT, pF2, pZa, 0);
  axpy2(R, pX, pX, -0.5 * H, pF1, pF2);
}

/**
 * Backpropagate one step: pGc = ∂L/∂x_{n+1} → ∂L/∂x_n, accumulating ∂L/∂θ (eq. 3 and its Heun analogue).
 * x = x_n; y = y_n (Heun); z1/d1 and z2/d2 the activations of f(x_n, θ_n) and f(y_n, θ_{n+1}).
 */
function backStep(n: i32, R: i32, x: usize, y: usize, z1: usize, d1: usize, z2: usize, d2: usize): void {
  if (!HEUN) {
    scale(R, pU, H, pGc);
    vjp(n, R, x, z1, d1, pU, pGc);
    return;
  }
  const hh: f32 = 0.5 * H;
  scale(R, pWv, hh, pGc);
  memory.fill(pGy, 0, (<usize>R * <usize>DP) << 2);
  vjp(n + 1, R, y, z2, d2, pWv, pGy);
  // u = h/2 g + h gy; g += gy
  const hv = f32x4.splat(hh);
  const h1 = f32x4.splat(H);
  const end = (<usize>R * <usize>DP) << 2;
  for (let i: usize = 0; i < end; i += 16) {
    const g = v128.load(pGc + i);
    const gy = v128.load(pGy + i);
    v128.store(pU + i, f32x4.add(f32x4.mul(hv, g), f32x4.mul(h1, gy)));
    v128.store(pGc + i, f32x4.add(g, gy));
  }
  vjp(n, R, x, z1, d1, pU, pGc);
}

/** Activations at x (and y = x + h f(x, θ_n), f(y, θ_{n+1}) for Heun) into the scratch buffers. */
function recompute(n: i32, R: i32, x: usize): void {
  if (!HEUN) {
    if (KIND == 1) evalF(n, R, x, 0, pZa, pDa);
    return;
  }
  evalF(n, R, x, pF1, pZa, pDa);
  axpy(R, pT, x, H, pF1);
  if (KIND == 1) evalF(n + 1, R, pT, 0, pZb, pDb);
}

/**
 * Layers n1 − 1 down to n0 of the backward pass: ∂L/∂x_S [R][D] (f64 rows staging) in when n1 = S, ∂L/∂θ
 * [P][SET64] (f64 weights staging) out when n0 = 0; the cotangent, the rebuilt state and the gradient sums stay
 * in memory between calls (as `forward`: ranges give the bits of one call). Exact: through the states the last
 * `forward(R, 1, …)` stored. Adjoint: from x_S (left in pX by `forward(R, 0, …)`), rebuilding x̃_n step by step.
 */
export function backward(R: i32, n1: i32, n0: i32): void {
  if (n1 == S) {
    rowsIn(R, pGc);
    memory.fill(pG, 0, (<usize>P * <usize>GSTRIDE) << 2);
  }
  const vb = (<usize>R * <usize>DP) << 2;
  const ab = (<usize>R * <usize>(MP > 0 ? MP : 4)) << 2;
  for (let n = n1 - 1; n >= n0; n--) {
    if (EXACT) {
      const x = pStates + <usize>n * vb;
      if (STOREACT) {
        backStep(
          n,
          R,
          x,
          HEUN ? pYst + <usize>n * vb : 0,
          pZ1 + <usize>n * ab,
          pD1 + <usize>n * ab,
          HEUN ? pZ2 + <usize>n * ab : 0,
          HEUN ? pD2 + <usize>n * ab : 0,
        );
      } else {
        recompute(n, R, x);
        backStep(n, R, x, pT, pZa, pDa, pZb, pDb);
      }
    } else {
      reverseStep(n, R);
      recompute(n, R, pX);
      backStep(n, R, pX, pT, pZa, pDa, pZb, pDb);
    }
  }
  if (n0 == 0) unpackGrads();
}
