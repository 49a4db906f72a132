// A stand-in 2D context for unit tests of drawing code (Node has no canvas): every method is a no-op unless
// `methods` gives it, and what the drawing sets (fillStyle, font, textAlign…) reads back, so a method can see the
// state it is called in. Test-only; one source for the tests that record what a draw fills or writes.
type Method = (...args: never[]) => unknown;

export function stubContext(
  methods: (state: Record<string, unknown>) => Record<string, Method> = () => ({}),
  initial: Record<string, unknown> = {},
): CanvasRenderingContext2D {
  const state: Record<string, unknown> = { ...initial };
  const own = methods(state);
  return new Proxy(state, {
    get(target, key) {
      if (typeof key === 'string' && key in own) return own[key];
      if (key in target) return target[key as string];
      return () => {};
    },
    set(target, key, value) {
      target[key as string] = value;
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
}
