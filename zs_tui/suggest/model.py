"""The trained layer: a linear-chain CRF over characters (python-crfsuite).

It reads the text with the features of features.py, the rules' final spans
among them, and proposes spans of its own; how its spans and the rules'
combine is a per-label policy chosen by cross-validation when the model is
trained (train.py) and stored in the model file, so that retraining after
the rules change measures the choice again instead of assuming it.

A model file is one header line of JSON (format, feature version, labels,
policy, what it was trained on) followed by crfsuite's own model bytes.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .features import FEATURES_VERSION, char_features
from .segment import Token

MAGIC = b"ZSCRF1\n"
MODEL_SOURCE = "model"
LEARNED_SOURCE = "learned"  # the rules' source for the learned lexicon (lexicon.learned_lexicon)
# Where a database's own model lives: beside it, so that storage stays as it is
# and deleting the database's folder takes the model with it.
DB_MODEL_SUFFIX = ".crf"
DEFAULT_MODEL = "data/model/default.crf"
# Training settings: L1 keeps the model small (most character n-grams get no
# weight), L2 steadies the rest; fixed iterations make training time predictable.
ALGORITHM = "lbfgs"
TRAIN_PARAMS: dict[str, Any] = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 150,
    "feature.possible_transitions": True,
}
# L-BFGS costs ~150 passes over the data: past this many characters (the dev
# gold is 25,000; this is ~50 more reviewed articles) training switches to
# SGD, a few passes, so that 1,000 reviewed articles train in under a minute.
LBFGS_MAX_CHARS = 60_000
SGD_PARAMS: dict[str, Any] = {
    "algorithm": "l2sgd",
    "c2": 1.0,
    "max_iterations": 5,
    "calibration.samples": 100,
    "calibration.candidates": 5,
}
RULES, MODEL = "rules", "model"
# A label's rules win and the model adds only what overlaps none of them: the
# per-database choice where cross-validation shows the model finds what the
# rules miss without being better than them on what they find.
FILL = "fill"


class ModelError(ValueError):
    """A model file that cannot be used (wrong format or features)."""


@dataclass
class Policy:
    """Which source wins for each label, and whether the other fills gaps.

    ``winner[label]`` is ``rules``, ``model`` or ``fill`` (the rules win and
    the model fills their gaps for that label only); spans of the winning
    source are kept first, then (``fill``: for every label) those of the
    other source that overlap nothing kept.
    """

    winner: dict[str, str] = field(default_factory=dict)
    fill: bool = True

    def source_for(self, label: str) -> str:
        return self.winner.get(label, RULES)

    @property
    def uses_model(self) -> bool:
        """False when cross-validation kept the rules for every label and no
        filling: the model's spans could not change a thing."""
        return self.fill or MODEL in self.winner.values() or FILL in self.winner.values()

    def as_json(self) -> dict[str, Any]:
        return {"winner": dict(sorted(self.winner.items())), "fill": self.fill}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Policy:
        return cls(dict(d.get("winner", {})), bool(d.get("fill", True)))


def bies_to_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Spans from per-character B/I/E/S tags (a stray I/E opens a span)."""
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, t in enumerate(tags):
        if t == "O":
            if start >= 0:
                spans.append((start, i, label))
            start = -1
            continue
        pos, lab = t[0], t[2:]
        if pos in "BS" or start < 0 or lab != label:
            if start >= 0:
                spans.append((start, i, label))
            start, label = i, lab
        if pos in "ES":
            spans.append((start, i + 1, label))
            start = -1
    if start >= 0:
        spans.append((start, len(tags), label))
    return spans


def spans_to_tags(n: int, spans: list[dict[str, Any]]) -> list[str]:
    """Per-character B/I tags (BIO: half the tags of BIES, twice the training speed)."""
    tags = ["O"] * n
    for sp in spans:
        a, b, lab = int(sp["start"]), int(sp["end"]), str(sp["label"])
        if not 0 <= a < b <= n:
            continue
        tags[a] = "B-" + lab
        for i in range(a + 1, b):
            tags[i] = "I-" + lab
    return tags


def combine(rule_spans: list[dict[str, Any]], model_spans: list[dict[str, Any]], policy: Policy) -> list[dict[str, Any]]:
    """One flat span list from the rules' and the model's, as ``policy`` says.

    What reviewers taught (the learned lexicon) wins over any policy, and a
    model span the rules found too keeps the rules' source (origin shown to
    the reviewer).
    """
    same = {(sp["start"], sp["end"], sp["label"]): sp for sp in rule_spans}
    model_spans = [same.get((sp["start"], sp["end"], sp["label"]), sp) for sp in model_spans]
    taught = [sp for sp in rule_spans if sp.get("source") == LEARNED_SOURCE]
    first = [sp for sp in rule_spans if policy.source_for(sp["label"]) in (RULES, FILL) and sp.get("source") != LEARNED_SOURCE]
    first += [sp for sp in model_spans if policy.source_for(sp["label"]) == MODEL]
    rest = [sp for sp in model_spans if policy.source_for(sp["label"]) == FILL]
    if policy.fill:
        rest += [sp for sp in rule_spans if policy.source_for(sp["label"]) == MODEL]
        rest += [sp for sp in model_spans if policy.source_for(sp["label"]) == RULES]
    kept: list[dict[str, Any]] = []
    taken: set[int] = set()
    for group in (taught, first, rest):
        # longest first, rules before the model on a tie, then text order
        for sp in sorted(group, key=lambda d: (d["start"] - d["end"], d.get("source") == MODEL, d["start"])):
            cells = range(sp["start"], sp["end"])
            if any(i in taken for i in cells):
                continue
            taken.update(cells)
            kept.append(sp)
    kept.sort(key=lambda d: (d["start"], d["end"]))
    return kept


class SpanModel:
    """A trained CRF and its combination policy."""

    def __init__(self, data: bytes, origin: str = "") -> None:
        import pycrfsuite

        if not data.startswith(MAGIC):
            raise ModelError(f"{origin or 'model'}: not a zs_tui model file")
        head, _, body = data[len(MAGIC):].partition(b"\n")
        try:
            self.meta: dict[str, Any] = json.loads(head)
        except ValueError as e:
            raise ModelError(f"{origin or 'model'}: unreadable header ({e})") from e
        if self.meta.get("features") != FEATURES_VERSION:
            raise ModelError(f"{origin or 'model'}: trained on features {self.meta.get('features')!r},"
                             f" this version reads {FEATURES_VERSION!r} (retrain with `zs-tui train`)")
        self.policy = Policy.from_json(self.meta.get("policy", {}))
        self.labels: list[str] = list(self.meta.get("labels", []))
        self.origin = origin
        self.tag = str(self.meta.get("tag", ""))
        self._data = data
        self._body = body  # crfsuite reads the model in place: the bytes must outlive the tagger
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open_inmemory(body)
        except Exception as e:  # crfsuite says only "invalid model" in various ways
            raise ModelError(f"{origin or 'model'}: damaged model ({e})") from e

    def __reduce__(self) -> tuple[Any, ...]:
        # crfsuite's tagger does not pickle: worker processes reopen the bytes
        return (SpanModel, (self._data, self.origin))

    @classmethod
    def load(cls, path: str | Path) -> SpanModel:
        try:
            data = Path(path).read_bytes()
        except OSError as e:
            raise ModelError(f"cannot read model {path}: {e}") from e
        return cls(data, str(path))

    def predict(self, s: str, tokens: list[Token], rule_spans: list[dict[str, Any]]) -> list[tuple[int, int, str]]:
        """The model's own spans on the Simplified text ``s``."""
        if not s:
            return []
        return bies_to_spans(self._tagger.tag(char_features(s, tokens, rule_spans)))

    def apply(self, clean: str, s: str, tokens: list[Token], rule_spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The rules' spans combined with the model's (the Suggester's last step)."""
        if not self.policy.uses_model:
            return rule_spans  # no tagging for nothing: it costs as much as the rules
        mine = [{"start": a, "end": b, "label": lab, "text": clean[a:b], "source": MODEL_SOURCE}
                for a, b, lab in self.predict(s, tokens, rule_spans) if clean[a:b].strip()]
        return combine(rule_spans, mine, self.policy)


def pack(crf_bytes: bytes, meta: dict[str, Any]) -> bytes:
    head = json.dumps({**meta, "features": FEATURES_VERSION}, ensure_ascii=False, sort_keys=True)
    return MAGIC + head.encode("utf-8") + b"\n" + crf_bytes


def write_model(path: str | Path, data: bytes) -> None:
    """Write a model file whole: a temporary file beside it, renamed over it."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=str(path.parent))
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a model is no secret, its database's readers need it
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def version_suffix(model: SpanModel | None) -> str:
    """What a model adds to the suggester version: stored suggestions made
    with another model are stale (``resuggest``)."""
    return f"+crf.{model.tag}" if model is not None else ""


def default_model_tag() -> str:
    """The shipped model's tag, from its header alone (no crfsuite, no features)."""
    try:
        with open(default_model_path(), "rb") as f:
            if f.read(len(MAGIC)) != MAGIC:
                return ""
            return str(json.loads(f.readline()).get("tag", ""))
    except (OSError, ValueError):
        return ""


def db_model_path(db_path: str | Path) -> Path:
    return Path(f"{db_path}{DB_MODEL_SUFFIX}")


def default_model_path() -> Path:
    return Path(str(resources.files("zs_tui").joinpath(DEFAULT_MODEL)))


@cache
def default_model() -> SpanModel | None:
    """The shipped model (trained on the dev gold), or None if absent."""
    path = default_model_path()
    if not path.exists():
        return None
    return SpanModel.load(path)


def model_for_db(db_path: str | Path | None) -> SpanModel | None:
    """The database's own model if it has one, else the shipped model.

    A database model that cannot be used (damaged, or trained on older
    features) is passed over with a message on stderr, not an error: the
    suggester still works, with the shipped model.
    """
    from ..output import note

    if db_path is not None:
        p = db_model_path(db_path)
        if p.exists():
            try:
                model = SpanModel.load(p)
            except ModelError as e:
                note(f"warning: {e}; using the shipped model")
            else:
                from ..labels import LABEL_NAMES

                unknown = sorted(set(model.labels) - set(LABEL_NAMES))
                if not unknown:
                    return model
                note(f"warning: {p} emits labels not in the label set ({', '.join(unknown)});"
                     " using the shipped model")
    return default_model()
