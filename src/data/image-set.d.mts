// Types of src/data/image-set.mjs (the image-set file format, shared with the Node script that writes it).
export interface ImagePart {
  /** One class index per image. */
  labels: Uint8Array;
  /** n × height × width pixels, row-major, 0–255. */
  pixels: Uint8Array;
}
export interface ImageSet {
  width: number;
  height: number;
  classes: number;
  train: ImagePart;
  test: ImagePart;
}
export declare const MAGIC: string;
export declare const HEADER_BYTES: number;
export declare function imageSetBytes(nTrain: number, nTest: number, width: number, height: number): number;
export declare function encodeImageSet(set: ImageSet): Uint8Array;
/** Throws an Error that says what is wrong with a corrupt or foreign file. */
export declare function decodeImageSet(bytes: Uint8Array): ImageSet;
