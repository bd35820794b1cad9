"""Claim linking, pure: statements in, links, claims and search results out. No database.

Relations between two statements (see `scoring`):

* ``repeat``     same speaker, same words up to typography and truncation (score 100)
* ``altered``    same speaker, both quotes presented as verbatim, words differ: a possible
                 misquote; carries a word-level diff
* ``paraphrase`` same claim in other words, any speakers: decided by the pair model
                 (`pair_model`: overlap, order, containment, numbers, negation,
                 direction and synonym features, logistic weights fitted on MRPC
                 train; synonyms from the Moby thesaurus, `synonyms`); figures,
                 negation and direction must agree
* ``conflicts``  same claim, different figures or opposite polarity: a suggestion that
                 never joins a claim

API for the store / services layer::

    from ledger.linking import (
        LinkItem, ProposedLink, Linker, SimilarIndex, build_claims, classify_pair,
        normalise, tokens, content_tokens, numbers, word_diff, Thresholds,
    )

    normalise(text: str) -> str                     # idempotent, typography-free
    tokens(text: str) -> list[str]
    content_tokens(text: str) -> list[str]          # stop words out
    numbers(text: str) -> list[str]                 # "1,000" -> "1000"
    word_diff(a: str, b: str) -> list[dict]         # [{"op", "a", "b"}], JSON-able
    token_diff(a_tokens, b_tokens) -> list[dict]    # same, on normalised tokens

    LinkItem(id, text, speaker_key=None, verbatim=True, stated_on=None,
             published_on=None, order=None)
    ProposedLink(a_id, b_id, relation, score, method, status, diff)   # a_id < b_id
    classify_pair(a: LinkItem, b: LinkItem, thresholds=THRESHOLDS) -> ProposedLink | None
    passes_gates(content_a, content_b, th) -> bool  # cheap checks before the pair model
    decide_pair(pair_features, shortest, th) -> (relation, score, status) | None

    linker = Linker(thresholds=THRESHOLDS, keep_text=False, bounds=BOUNDS)
        # keep_text: diffs as written; bounds: how many candidates and links per statement
        # (docs/claims-at-scale.md), all chosen among smaller ids
    linker.build(items: Iterable[LinkItem]) -> None # bulk load, no linking (start-up)
    linker.add(item: LinkItem) -> list[ProposedLink]  # link one new statement (to smaller ids)
    linker.link_all() -> list[ProposedLink]         # full recompute, order-independent
    linker.iter_links() -> Iterator[ProposedLink]   # same links streamed (by b_id)
    linker.remove(item_id) ; linker.links_of(item_id) ; linker.candidates(item_id)
    linker.index_stats() -> dict[str, int]
    linker.save(path) ; Linker.load(path)           # pickle cache of the whole index

    build_claims(item_ids, links, confirmed_pairs, rejected_pairs, order_info,
                 conflicting_pairs=())   # conflicts never join; confirmed ones keep apart
        -> list[Claim(statement_ids, canonical_id, canonical_text, first_id)]
    match_claims(previous: {claim_id: statement_ids}, claims) -> [(claim_id | None, Claim)]

    index = SimilarIndex(params=SearchParams())
    index.add(id, text, title=None) ; index.build(iterable of (id, text, title))
    index.remove(id) ; index.save(path) ; SimilarIndex.load(path)
    index.search(query: str, k: int = 5) -> list[tuple[id, float]]   # best first, 0-100

    search_prior(index, PriorQuery(text, speaker=None, date=None, context=()), k, meta,
                 params=PriorParams()) -> list[tuple[id, float]]
        # "checked before?": text hits re-ranked by claimant and date; meta(ids) ->
        # {id: (claimant, claim_date)}; a query of text alone ranks as index.search
    rerank_prior(query, text_hits, context_hits, meta_dict, params, k) ; split_context("SPK: s")
    claimants.name_agreement(a, b) -> float | None   # same person 1.0, surname only 0.8
    claimants.best_agreement(names, b)

Store mapping: statement.kind direct/mixed -> ``verbatim=True``; indirect/unattributed ->
False; ``speaker_key`` = speaker_id (None for unattributed: never "the same speaker");
``order`` = statement id (import order). A link's ``diff`` goes to the link's diff JSON;
``status`` is ``auto`` or ``suggested``; reviewer decisions (confirmed/rejected pairs) are
passed back into `build_claims`, which never lets a rejected pair share a claim.
docs/linking.md has thresholds, measured figures and integration advice.
"""

from __future__ import annotations

from .claims import Claim, build_claims, connected_groups, match_claims
from .diff import flip_diff, token_diff, word_diff
from .linker import BOUNDS, Bounds, Linker, TextPrep, prepare_text
from .model import (
    ALTERED,
    CONFLICTS,
    JOINING,
    PARAPHRASE,
    RELATIONS,
    REPEAT,
    LinkItem,
    ProposedLink,
    order_key,
)
from .normalise import STOP_WORDS, content_tokens, normalise, numbers, tokens
from .scoring import THRESHOLDS, Thresholds, classify_pair, paraphrase_score
from .search import SearchParams, SimilarIndex

__all__ = [
    "ALTERED",
    "BOUNDS",
    "Bounds",
    "CONFLICTS",
    "JOINING",
    "PARAPHRASE",
    "RELATIONS",
    "REPEAT",
    "SearchParams",
    "STOP_WORDS",
    "THRESHOLDS",
    "Claim",
    "LinkItem",
    "Linker",
    "TextPrep",
    "ProposedLink",
    "SimilarIndex",
    "Thresholds",
    "build_claims",
    "prepare_text",
    "connected_groups",
    "flip_diff",
    "classify_pair",
    "content_tokens",
    "match_claims",
    "normalise",
    "numbers",
    "order_key",
    "paraphrase_score",
    "token_diff",
    "tokens",
    "word_diff",
]
