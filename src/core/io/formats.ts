// Compressed and archive formats a dump arrives in that heapdrop does not read, recognised by their magic bytes
// (never by file name), so the user is told what the file is and how to decompress it rather than that it is
// not an HPROF file. Magic numbers from each format's specification: bzip2 ("BZh" + block size digit), xz
// (FD "7zXZ" 00), Zstandard frame (28 B5 2F FD, little-endian 0xFD2FB528), zip local file header ("PK" 03 04,
// or an empty or spanned archive's 05 06 / 07 08), 7z ("7z" BC AF 27 1C), LZ4 frame (04 22 4D 18), Unix
// compress (1F 9D), POSIX tar ("ustar" at offset 257).

export interface CompressionFormat {
  name: string;
  /** How to get the plain dump, with `FILE` for the file's name. */
  decompress: string;
}

const FORMATS: { magic: number[]; at?: number; format: CompressionFormat }[] = [
  { magic: [0x42, 0x5a, 0x68], format: { name: 'bzip2', decompress: 'bunzip2 FILE' } },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], format: { name: 'xz', decompress: 'unxz FILE' } },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], format: { name: 'Zstandard (zstd)', decompress: 'unzstd FILE' } },
  { magic: [0x50, 0x4b, 0x03, 0x04], format: { name: 'a zip archive', decompress: 'unzip FILE' } },
  { magic: [0x50, 0x4b, 0x05, 0x06], format: { name: 'a zip archive', decompress: 'unzip FILE' } },
  { magic: [0x50, 0x4b, 0x07, 0x08], format: { name: 'a zip archive', decompress: 'unzip FILE' } },
  { magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], format: { name: 'a 7-Zip archive', decompress: '7z x FILE' } },
  { magic: [0x04, 0x22, 0x4d, 0x18], format: { name: 'LZ4', decompress: 'unlz4 FILE' } },
  { magic: [0x1f, 0x9d], format: { name: 'Unix compress (.Z)', decompress: 'uncompress FILE' } },
  { magic: [0x75, 0x73, 0x74, 0x61, 0x72], at: 257, format: { name: 'a tar archive', decompress: 'tar -xf FILE' } },
];

/** The format `head` (the file's first bytes, 512 or more for tar) starts like, or null. */
export function compressionFormat(head: Uint8Array): CompressionFormat | null {
  for (const { magic, at = 0, format } of FORMATS) {
    if (head.length < at + magic.length) continue;
    if (magic.every((b, i) => head[at + i] === b)) {
      // bzip2's fourth byte is the block size, '1' to '9': "BZh" alone could start other data.
      if (format.name === 'bzip2' && !(head[3] >= 0x31 && head[3] <= 0x39)) continue;
      return format;
    }
  }
  return null;
}
