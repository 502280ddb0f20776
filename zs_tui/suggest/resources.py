"""Load the suggester's data files (zs_tui/data/suggest/) once per process."""
from __future__ import annotations

import json
from functools import cache
from importlib import resources


def _text(name: str) -> str:
    return resources.files("zs_tui").joinpath(f"data/suggest/{name}").read_text("utf-8")


def words(name: str) -> list[str]:
    """Whitespace-separated entries of a list file; '#' starts a comment line."""
    out: list[str] = []
    for line in _text(name).splitlines():
        if line.lstrip().startswith("#"):
            continue
        out.extend(line.split())
    return out


@cache
def word_set(name: str) -> frozenset[str]:
    return frozenset(words(name))


@cache
def industry_words() -> frozenset[str]:
    """Every industry word: those that stand on their own and those that also name products."""
    return word_set("industries.txt") | word_set("industry_products.txt")


@cache
def suffix_config() -> dict:
    return json.loads(_text("suffixes.json"))


@cache
def places() -> dict[str, str]:
    """Place name -> level, for full names and their short forms."""
    out: dict[str, str] = {}
    for line in _text("places.tsv").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, level, short = line.split("\t")
        out[name] = level
        if short != name and len(short) >= 2:
            out.setdefault(short, level)
    for name in words("regions.txt"):
        out.setdefault(name, "region")
    for name in words("countries.txt"):
        out.setdefault(name, "region")
    return out
