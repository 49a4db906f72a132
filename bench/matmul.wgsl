// The benchmark's roofline: plain f32 matmuls C = A·B (A: n×n, B: n×n, row-major, n a multiple of 16), timed
// once per run on the same adapter as the engine (bench/main.ts). Their GFLOP/s (2n³ per product) put our
// training step's GFLOP/s in proportion: what this adapter does on the friendliest dense kernel.
//   naive: one invocation per C element, reading A and B from storage
//   tiled: 16×16 workgroups stage 16×16 tiles of A and B in workgroup memory (the textbook shared-memory kernel)

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
