// Smoke test: ys[i] = 2 * xs[i] + f32(i), one invocation per element (checks compile, dispatch and readback).

override WORKGROUP_SIZE: u32 = 64;

@group(0) @binding(0) var<storage, read> xs: array<f32>;
@group(0) @binding(1) var<storage, read_write> ys: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= arrayLength(&ys)) {
    return;
  }
  ys[i] = 2.0 * xs[i] + f32(i);
}
