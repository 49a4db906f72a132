// Minimal types for svgcanvas (a CanvasRenderingContext2D that records SVG).
declare module 'svgcanvas' {
  export class Context {
    constructor(options: { width: number; height: number; ctx?: CanvasRenderingContext2D });
    getSerializedSvg(fixNamedEntities?: boolean): string;
  }
}
