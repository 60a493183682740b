#!/usr/bin/env python3
"""`make data`: the 8x8 handwritten digits as the page's compact asset, www/data/digits.bin.

scikit-learn ships the digits (1,797 images of 8x8 pixels, values 0 to 16, from UCI's "Optical
Recognition of Handwritten Digits", CC BY 4.0) as sklearn/datasets/data/digits.csv.gz. This
script downloads the pinned scikit-learn wheel from PyPI (no dependencies, nothing else), checks
the CSV's SHA-256, and writes the asset the page reads (src/data/digits.rs decodes it):

    "OPDIGITS"  magic, 8 bytes
    u16 LE      format version (1)
    u16 LE      number of images
    u32 LE      FNV-1a (32-bit) of everything after this header
    per image:  u8 label, then its 64 pixels (row by row) in base 17: four u64 LE of 15 pixels
                each and one u32 LE of the last 4, the first pixel the least significant digit

37 bytes an image (4.6 bits a pixel with the label). Usage: .ci/digits.py [work-dir] [out-file]
"""
import gzip
import hashlib
import os
import struct
import subprocess
import sys
import zipfile

VERSION = "1.5.2"
CSV = "sklearn/datasets/data/digits.csv.gz"
CSV_SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"


def fnv1a(data: bytes) -> int:
    h = 0x811C9DC5
    for b in data:
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def encode(rows):
    payload = bytearray()
    for pixels, label in rows:
        payload.append(label)
        for start, count, fmt in ((0, 15, "<Q"), (15, 15, "<Q"), (30, 15, "<Q"), (45, 15, "<Q"), (60, 4, "<I")):
            value = 0
            for p in reversed(pixels[start:start + count]):
                value = value * 17 + p
            payload += struct.pack(fmt, value)
    header = b"OPDIGITS" + struct.pack("<HHI", 1, len(rows), fnv1a(bytes(payload)))
    return header + bytes(payload)


def main():
    work = sys.argv[1] if len(sys.argv) > 1 else "target/data"
    out = sys.argv[2] if len(sys.argv) > 2 else "www/data/digits.bin"
    os.makedirs(work, exist_ok=True)
    wheels = [f for f in os.listdir(work) if f.startswith(f"scikit_learn-{VERSION}-") and f.endswith(".whl")]
    if not wheels:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                        f"scikit-learn=={VERSION}", "-d", work], check=True)
        wheels = [f for f in os.listdir(work) if f.startswith(f"scikit_learn-{VERSION}-") and f.endswith(".whl")]
    raw = zipfile.ZipFile(os.path.join(work, wheels[0])).read(CSV)
    digest = hashlib.sha256(raw).hexdigest()
    if digest != CSV_SHA256:
        sys.exit(f"{CSV}: SHA-256 {digest}, expected {CSV_SHA256}")
    rows = []
    for line in gzip.decompress(raw).decode().splitlines():
        if line.strip():
            values = [int(float(v)) for v in line.split(",")]
            assert len(values) == 65 and all(0 <= v <= 16 for v in values[:64]) and 0 <= values[64] <= 9
            rows.append((values[:64], values[64]))
    data = encode(rows)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "wb") as f:
        f.write(data)
    print(f"{out}: {len(rows)} digits, {len(data)} bytes, SHA-256 {hashlib.sha256(data).hexdigest()}")


if __name__ == "__main__":
    main()
