import { crc32 } from 'node:zlib';

/**
 * What is wrong with an image file that its decoder refused, in words about the file ("truncated:
 * it ends inside its IDAT chunk") instead of the library's ("There are some read requests waitng on
 * finished stream"). Only called after decoding failed, so it may walk the whole file.
 */

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The first structural problem of a PNG (signature, chunk lengths, CRCs, IHDR/IDAT/IEND), or null. */
export function describePngProblem(bytes: Uint8Array): string | null {
  if (bytes.length < PNG_SIGNATURE.length || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) return 'corrupt: it does not start with the PNG signature';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = PNG_SIGNATURE.length;
  let sawData = false;
  for (let index = 0; at < bytes.length; index++) {
    if (at + 8 > bytes.length) return `truncated: it ends inside a chunk header at byte ${at} of ${bytes.length}`;
    const length = view.getUint32(at);
    const type = Buffer.from(bytes.subarray(at + 4, at + 8)).toString('latin1');
    if (!/^[A-Za-z]{4}$/.test(type)) return `corrupt: no valid chunk at byte ${at} (a length or an earlier chunk is damaged)`;
    if (index === 0 && type !== 'IHDR') return 'corrupt: its first chunk is not the IHDR header';
    const end = at + 8 + length + 4;
    if (end > bytes.length) return `truncated: it ends inside its ${type} chunk (the chunk needs ${end - at} bytes from byte ${at}, the file has ${bytes.length})`;
    const stored = view.getUint32(at + 8 + length);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== stored) return `corrupt: its ${type} chunk at byte ${at} fails its CRC check`;
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') return sawData ? null : 'no image data: it has no IDAT chunk';
    at = end;
  }
  return sawData ? 'truncated: it ends without the IEND marker' : 'no image data: it has no IDAT chunk';
}

/** The first structural problem of a JPEG (start/end markers, frame header, segment lengths), or null. */
export function describeJpegProblem(bytes: Uint8Array): string | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return 'corrupt: it does not start with the JPEG start-of-image marker';
  let at = 2;
  let frame = false;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return `corrupt: no segment marker at byte ${at}`;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) frame = true;
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (at + 2 + length > bytes.length) return `truncated: it ends inside a segment that starts at byte ${at}`;
    if (marker === 0xda) {
      if (!frame) return 'corrupt: image data comes before any frame header (SOF)';
      // Entropy-coded data follows the scan header; the file must end with FF D9 (trailing padding aside).
      for (let i = bytes.length - 2; i >= at; i--) if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return null;
      return 'truncated: it ends without the end-of-image marker (FF D9)';
    }
    at += 2 + length;
  }
  return frame ? 'truncated: it ends before its image data' : 'corrupt: no frame header (SOF) and no image data';
}
