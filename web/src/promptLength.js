// The prompt's length as the server counts it (prompt_length_unit "unicode_scalar_values"): one per code point, so an
// emoji is 1, not the 2 UTF-16 units String.length gives.
export function promptLength(text, unit) {
  if (unit && unit !== "unicode_scalar_values") {
    throw new Error(`unknown prompt length unit ${unit}`);
  }
  let count = 0;
  for (const _ of text) count++;
  return count;
}
