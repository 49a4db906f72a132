// Shared WGSL: the activations σ and their derivatives (mirrors src/core/residual.ts; needs the const ACT).

const GELU_K: f32 = 0.7978845608028654;   // sqrt(2/π)

// tanh with its argument clamped: some implementations (SwiftShader) evaluate tanh through exp and return NaN
// for |x| ≳ 44; at |x| = 15 tanh is already ±1 in float32.
fn tanh_safe(x: f32) -> f32 { return tanh(clamp(x, -15.0, 15.0)); }

fn act(a: f32) -> f32 {
  switch ACT {
    case 0u: { return max(a, 0.0); }
    case 1u: { return tanh_safe(a); }
    case 2u: { return 0.5 * a * (1.0 + tanh_safe(GELU_K * (a + 0.044715 * a * a * a))); }
    default: { return a; }
  }
}

fn act_deriv(a: f32) -> f32 {
  switch ACT {
    case 0u: { return select(0.0, 1.0, a > 0.0); }
    case 1u: { let t = tanh_safe(a); return 1.0 - t * t; }
    case 2u: {
      let t = tanh_safe(GELU_K * (a + 0.044715 * a * a * a));
      return 0.5 * (1.0 + t) + 0.5 * a * (1.0 - t * t) * GELU_K * (1.0 + 3.0 * 0.044715 * a * a);
    }
    default: { return 1.0; }
  }
}
