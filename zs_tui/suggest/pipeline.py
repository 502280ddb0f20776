"""The suggester: every part runs on a Simplified copy; results are flat spans."""
from __future__ import annotations

from typing import Any

from ..labels import LABEL_NAMES
from .analysis import Analysis
from .lexicon import RANKING, Lexicon, learned_lexicon
from .model import default_model, default_model_tag, model_for_db, version_suffix
from .resolve import merge_place_chains, resolve, trim
from .rules import Rule, build_rules, check_labels
from .segment import warm_up
from .shortforms import short_forms
from .simplify import to_simplified
from .types import LEARNED, WEAK, Candidate

SUGGESTER_VERSION = "1.4"
# Labels whose every further mention in the article is suggested too.
PROPAGATE = {"PER", "COMPANY", "ORG", "PROJECT", "EVENT", "LOC"}

_RULES: list[Rule] = []


def _rules() -> list[Rule]:
    """The rules, built once per process; their labels checked at start-up."""
    if not _RULES:
        warm_up()
        _RULES.extend(build_rules(LABEL_NAMES))
    return _RULES


# The rules' version, then the shipped model's: retraining it makes stored suggestions stale.
RULES_VERSION = SUGGESTER_VERSION
if default_model_tag():
    SUGGESTER_VERSION = f"{RULES_VERSION}+crf.{default_model_tag()}"


def _check_model_labels(model: Any) -> None:
    """A model's labels pass the check the rules pass at start-up."""
    if model is not None:
        check_labels([(f"model {getattr(model, 'origin', '') or '(given)'}", getattr(model, 'labels', ()))], LABEL_NAMES)


class Suggester:
    """Suggests spans for one label set; learns from reviewers' decisions."""

    version = SUGGESTER_VERSION

    def __init__(self, accepted: dict[tuple[str, str], int] | None = None,
                 rejected: set[tuple[str, str]] | None = None, model: Any = "default") -> None:
        self.learned: Lexicon = learned_lexicon(accepted or {})
        self.rejected = {(to_simplified(t), lab) for t, lab in (rejected or set())}
        # The trained layer (model.py): "default" is the shipped model, None the rules alone.
        self.model = default_model() if isinstance(model, str) else model
        self.version = RULES_VERSION + version_suffix(self.model)
        _check_model_labels(self.model)

    def use_model(self, model: Any) -> None:
        """A retrained model from now on (the review app's background training)."""
        _check_model_labels(model)
        self.model = model
        self.version = RULES_VERSION + version_suffix(model)

    @classmethod
    def from_store(cls, store: Any) -> Suggester:
        accepted, rejected = store.decided_texts()
        return cls(accepted, rejected, model=model_for_db(store.path))

    def learn(self, text: str, label: str, accepted: bool) -> None:
        """One reviewer decision, as ``from_store`` would read it afterwards:
        an accepted name is suggested from now on, a rejected one no more
        (unless it was accepted somewhere)."""
        simp = to_simplified(text.strip())
        if accepted:
            self.rejected.discard((simp, label))
            if len(simp) >= 2:
                self.learned.add(simp, label, "learned")
        elif self.learned.entries.get(simp) != (label, "learned"):
            self.rejected.add((simp, label))

    def suggest(self, clean: str) -> list[dict[str, Any]]:
        a = Analysis.of(clean)
        s = a.s
        cands: list[Candidate] = []
        for rule in _rules():
            cands += rule.find(a)
        cands += self.learned.find(s, priority=LEARNED)
        cands = merge_place_chains(cands, s)
        cands = [t for t in (trim(c, s) for c in cands) if t and (s[t.start:t.end], t.label) not in self.rejected]
        kept = resolve(cands)
        kept = resolve(kept + self._propagate(kept, s) + short_forms(kept, s))
        out = [
            {"start": c.start, "end": c.end, "label": c.label, "text": clean[c.start:c.end], "source": c.source}
            for c in kept
        ]
        if self.model is not None:  # the trained layer reads the rules' spans and has the last word
            out = [d for d in self.model.apply(clean, s, a.tokens, out) if (s[d["start"]:d["end"]], d["label"]) not in self.rejected]
        return out

    def _propagate(self, kept: list[Candidate], s: str) -> list[Candidate]:
        """Every other mention of a name found once in the article."""
        out = []
        seen: set[tuple[str, str]] = set()
        for c in kept:
            text = s[c.start:c.end]
            if c.label not in PROPAGATE or len(text) < 2 or (text, c.label) in seen:
                continue
            seen.add((text, c.label))
            i = s.find(text)
            while i >= 0:
                if i != c.start and not (c.label == "LOC" and RANKING.match(s, i + len(text))):
                    out.append(Candidate(i, i + len(text), c.label, c.source, WEAK))
                i = s.find(text, i + 1)
        return out


def suggest_texts(suggester: Suggester, texts: list[str], jobs: int = 1) -> list[list[dict[str, Any]]]:
    """Suggest for many texts, over ``jobs`` processes when jobs > 1."""
    if jobs <= 1 or len(texts) < 2 * jobs:
        return [suggester.suggest(t) for t in texts]
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, len(texts) // (jobs * 4))
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(suggester,)) as pool:
        return list(pool.map(_suggest_one, texts, chunksize=chunk))


_WORKER: Suggester | None = None


def _init_worker(suggester: Suggester) -> None:
    global _WORKER
    _WORKER = suggester
    _rules()


def _suggest_one(text: str) -> list[dict[str, Any]]:
    assert _WORKER is not None
    return _WORKER.suggest(text)
