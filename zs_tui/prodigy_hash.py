"""Prodigy's ``_input_hash`` and ``_task_hash``, so that ``prodigy db-in`` and
Prodigy's de-duplication treat exported articles as its own examples.

How Prodigy computes them (``prodigy.set_hashes``, described in its loader
docs and by its maintainers on the support forum):

- the input hash covers the keys that say *what* is annotated, ``text``,
  ``image``, ``html`` and ``input``, those that the example has;
- the task hash covers the keys that say *what was asked or answered*,
  ``spans``, ``label``, ``options`` and ``arcs``, prefixed with the input
  hash in decimal, so that equal spans on two texts never share a hash;
- both are MurmurHash3 (x86, 32-bit, seed 0) of the UTF-8 bytes, as a
  signed 32-bit integer (Explosion's ``murmurhash`` package; ``mmh3`` gives
  the same numbers);
- the values are serialised as JSON with sorted keys and compact separators
  (``srsly.json_dumps(..., sort_keys=True)``, i.e. the standard library's
  ``json.dumps`` with ``separators=(",", ":")`` and ASCII escapes).

The input hash depends on an article's text alone, which never changes once
imported: the store keeps it from the import on (``text_input_hash``), so that an
export need not escape and hash every text again.

Prodigy itself is not open source, so the serialisation could not be checked
byte for byte against it; ``prodigy db-in --rehash`` recomputes the hashes if
a Prodigy version disagrees.  Within zs_tui the hashes are stable: the same
text and spans always give the same numbers (tests/functional/test_export.py computes
them independently).
"""
from __future__ import annotations

import json
from typing import Any

import mmh3

INPUT_KEYS = ("text", "image", "html", "input")
TASK_KEYS = ("spans", "label", "options", "arcs")


def _murmur(payload: str | bytes) -> int:
    return mmh3.hash(payload, 0, signed=True)


def prodigy_hashes(task: dict[str, Any]) -> tuple[int, int]:
    """(input hash, task hash) of an example, as Prodigy's ``set_hashes`` sets them."""
    return hashes_of_payloads(_canon({k: task[k] for k in INPUT_KEYS if k in task}),
                              _canon({k: task[k] for k in TASK_KEYS if k in task}))


def text_input_hash(text: str) -> int:
    """The input hash of an example whose only input key is ``text`` (an article's)."""
    return _murmur(_canon({"text": text}))


def hash_of_payload(payload: bytes) -> int:
    """MurmurHash3 of a canonical JSON already in UTF-8 (an input payload)."""
    return _murmur(payload)


def task_hash_of_payload(input_hash: int, task_json: bytes) -> int:
    """The task hash from the input hash and the task keys' canonical JSON in UTF-8."""
    return _murmur(b"%d%s" % (input_hash, task_json))


def hashes_of_payloads(input_json: str | bytes, task_json: str) -> tuple[int, int]:
    """The two hashes from the canonical JSON of the input keys and of the
    task keys (for callers that serialise them faster than ``_canon``;
    bytes: that JSON in UTF-8)."""
    input_hash = _murmur(input_json)
    return input_hash, _murmur(str(input_hash) + task_json)


def _canon(values: dict[str, Any]) -> str:
    return json.dumps(values, sort_keys=True, separators=(",", ":"))
