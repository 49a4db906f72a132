// The benchmark's roofline: plain f32 matmuls C = A·B (A: n×n, B: n×n, row-major, n a multiple of 16), timed
// once per run on the same adapter as the engine (bench/main.ts). Their GFLOP/s (2n³ per product) put our
// training step's GFLOP/s in proportion: what this adapter does on the friendliest dense kernel.
//   naive: one invocation per C element, reading A and B from storage
//   tiled: 16×16 workgroups stage 16×16 tiles of A and B in workgroup memory (the textbook shared-memory kernel)
//   blocked: one invocation per 4×4 block of C (register blocking)

struct Dims {
  n: u32,
}

@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<f32>;
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;

const TILE: u32 = 16u;

@compute @workgroup_size(16, 16)
fn naive(@builtin(global_invocation_id) gid: vec3<u32>) {
  let n = dims.n;
  let row = gid.y;
  let col = gid.x;
  if (row >= n || col >= n) {
    return;
  }
  var acc = 0.0;
  for (var k = 0u; k < n; k++) {
    acc += A[row * n + k] * B[k * n + col];
  }
  C[row * n + col] = acc;
}

var<workgroup> tileA: array<array<f32, 16>, 16>;
var<workgroup> tileB: array<array<f32, 16>, 16>;

@compute @workgroup_size(16, 16)
fn tiled(
  @builtin(global_invocation_id) gid: vec3<u32>,
  @builtin(local_invocation_id) lid: vec3<u32>,
) {
  let n = dims.n;
  let row = gid.y;
  let col = gid.x;
  var acc = 0.0;
  for (var t = 0u; t < n; t += TILE) {
    tileA[lid.y][lid.x] = A[row * n + t + lid.x];
    tileB[lid.y][lid.x] = B[(t + lid.y) * n + col];
    workgroupBarrier();
    for (var k = 0u; k < TILE; k++) {
      acc += tileA[lid.y][k] * tileB[k][lid.x];
    }
    workgroupBarrier();
  }
  C[row * n + col] = acc;
}

// blocked: each invocation computes a 4×4 block of C (16 independent accumulators per invocation; a 16×16
// workgroup covers 64×64), which suits CPU implementations of WebGPU (SwiftShader) better than one element each
@compute @workgroup_size(16, 16)
fn blocked(@builtin(global_invocation_id) gid: vec3<u32>) {
  let n = dims.n;
  let r0 = gid.y * 4u;
  let c0 = gid.x * 4u;
  if (r0 >= n || c0 >= n) {
    return;
  }
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  for (var k = 0u; k < n; k++) {
    let kb = k * n + c0;
    let b = vec4<f32>(B[kb], B[kb + 1u], B[kb + 2u], B[kb + 3u]);
    acc0 += A[r0 * n + k] * b;
    acc1 += A[(r0 + 1u) * n + k] * b;
    acc2 += A[(r0 + 2u) * n + k] * b;
    acc3 += A[(r0 + 3u) * n + k] * b;
  }
  let accs = array<vec4<f32>, 4>(acc0, acc1, acc2, acc3);
  for (var i = 0u; i < 4u; i++) {
    let base = (r0 + i) * n + c0;
    C[base] = accs[i].x;
    C[base + 1u] = accs[i].y;
    C[base + 2u] = accs[i].z;
    C[base + 3u] = accs[i].w;
  }
}
