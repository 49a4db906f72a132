// The Node bench's roofline (bench/node.ts): C = A·B for row-major n×n f32 matrices, n a multiple of 64.
// A 16×16 workgroup computes a 64×64 tile of C, each thread 4×4 outputs (rows ly + 16i, columns lx + 16j, so
// loads, stores and shared-memory reads stay contiguous across a row of threads), stepping K by 16 through
// workgroup memory. A plain, well-known kernel: what a straightforward f32 WGSL kernel gets on this device.
struct Dims {
  n: u32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<f32>;
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;

const TILE: u32 = 64u;
const TK: u32 = 16u;

// As[k * TILE + r] = A[row0 + r, k0 + k]; Bs[k * TILE + c] = B[k0 + k, col0 + c]
var<workgroup> As: array<f32, 1024>;
var<workgroup> Bs: array<f32, 1024>;

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let n = dims.n;
  let row0 = wg.y * TILE;
  let col0 = wg.x * TILE;
  let lx = lid.x;
  let ly = lid.y;
  let tid = ly * 16u + lx;
  var acc: array<array<f32, 4>, 4>;
  for (var k0 = 0u; k0 < n; k0 += TK) {
    for (var s = 0u; s < 4u; s++) {
      let e = tid + s * 256u;
      // A tile: 64 rows × 16 columns, read along rows
      let ar = e / TK;
      let ak = e % TK;
      As[ak * TILE + ar] = A[(row0 + ar) * n + k0 + ak];
      // B tile: 16 rows × 64 columns
      let bk = e / TILE;
      let bc = e % TILE;
      Bs[bk * TILE + bc] = B[(k0 + bk) * n + col0 + bc];
    }
    workgroupBarrier();
    for (var k = 0u; k < TK; k++) {
      var a: array<f32, 4>;
      var b: array<f32, 4>;
      for (var i = 0u; i < 4u; i++) {
        a[i] = As[k * TILE + ly + 16u * i];
        b[i] = Bs[k * TILE + lx + 16u * i];
      }
      for (var i = 0u; i < 4u; i++) {
        for (var j = 0u; j < 4u; j++) {
          acc[i][j] = fma(a[i], b[j], acc[i][j]);
        }
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i++) {
    for (var j = 0u; j < 4u; j++) {
      C[(row0 + ly + 16u * i) * n + col0 + lx + 16u * j] = acc[i][j];
    }
  }
}
