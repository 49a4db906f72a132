// Blended parameter sets of schemes with half-step stages (MID, see resnet.wgsl mid_set): set S + 1 + n ←
// (θ_n + θ_{n+1})/2 for n < S, the interpolating ODE's weights at depth (n + ½)/N, as the float64 engine blends
// them (explicit-rk.ts RkWork.select). Run after every change of the weights (upload, optimizer step, setWeights);
// checkpoints copy the whole buffer, so a restore brings matching blended sets back.

@compute @workgroup_size(64)
fn midsets(@builtin(global_invocation_id) gid: vec3<u32>) {
  let e = gid.x;
  let n = gid.y;
  if (e >= SET || n >= net.steps) { return; }
  params[(net.steps + 1u + n) * SET + e] = 0.5 * (params[n * SET + e] + params[(n + 1u) * SET + e]);
}
