// Messages between the page and the GIF worker.
export type GifRequest =
  | { type: 'start'; frameMs: number; holdMs: number }
  | { type: 'frame'; rgba: ArrayBuffer; width: number; height: number }
  | { type: 'finish' };

export type GifReply = { type: 'done'; bytes: ArrayBuffer } | { type: 'error'; message: string };
