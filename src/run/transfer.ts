// What a message can hand over instead of copying: the buffers of its typed arrays (postMessage's transfer list).
// A transferred buffer is detached at the sender, so only arrays made for the message may be listed.

/** The distinct, non-empty buffers of the typed arrays in a value (typed arrays, nested in plain objects/arrays). */
export function arrayBuffers(value: unknown, out = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer && value.buffer.byteLength > 0) out.add(value.buffer);
  } else if (value && typeof value === 'object') for (const v of Object.values(value)) arrayBuffers(v, out);
  return [...out];
}
