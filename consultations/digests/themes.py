"""Themes: the key phrases that recur across one question's comments.

The method is deterministic and can be explained in a digest's footnote. The same comments give the
same themes, in the same order, whatever order they come in.

1. **Cleaning.** Email addresses, links (``https://…``, ``www.…``, ``name.org/…``) and @handles are
   cut out before anything else, and digits never make a word, so contact details and numbers can
   never become themes; a phrase never runs across the gap they leave. The text is NFKC-normalised
   and lower-cased; Russian ``ё`` is read as ``е``.
2. **Words.** A word is a run of letters in any script (Latin with ë, ç, č, ć, š, ž, đ, Cyrillic with
   Kazakh and Kyrgyz letters…), with inner hyphens and apostrophes kept (``well-being``). English
   ``'s`` is dropped (``people's`` → ``people``); French elisions and the Albanian negation ``s'``
   are taken off (``l'école`` → ``école``). Punctuation, symbols and digits end a phrase.
3. **Phrases.** One to three consecutive words that neither start nor end with a stop word; a stop
   word may sit inside (``right to vote``). One-letter words count as stop words. Stop words are
   short curated lists of function words in ``stopwords/``: English, French, Russian,
   Serbian/Croatian/Bosnian/Montenegrin (Latin and Cyrillic, with and without diacritics), Albanian
   (with and without ë/ç), Macedonian, Kazakh, Kyrgyz. Any other language has none and still works.
4. **Candidates.** A phrase counts only if it appears in at least ``min_comments`` comments (2).
5. **Score.** TF-IDF summed over the question's comments, each comment being one document. In a
   comment, a phrase weighs ``(1 + ln tf) × idf`` with ``idf = ln((1 + N) / (1 + df)) + 1`` (``tf``:
   times in that comment, ``N``: comments, ``df``: comments containing it), and each comment's
   weights are scaled to length 1 over its candidate phrases, so one long comment counts no more
   than one short one, and a phrase found everywhere (often the question's own words) takes a
   small share of each. This is what scikit-learn's ``TfidfVectorizer(ngram_range=(1, 3), min_df=2,
   sublinear_tf=True)`` gives when its rows are added up, with the tokenising above. Each comment's
   share is rounded to 10⁻⁹ and the shares are added as integers, so input order cannot change a
   score, not even in its last digit.
6. **Longer phrases first.** A phrase is dropped when a longer candidate that contains it appears in
   at least ``longer_phrase_share`` (80 %) of the comments that contain it: "free public transport"
   in 45 of the 50 comments that say "public transport" stands for both; "safe" stays beside
   "safe place" when many others write "feel safe".
7. **Order.** Score, highest first, then the phrase itself; the first ``limit`` are the themes.
8. **Examples.** Of the comments containing the phrase, those with the most agree votes, then the
   fewest disagree votes, then the lowest id.

Speed and memory: Python only splits comments into words and numbers them; the phrases, counts and
scores are numpy arrays (one row per phrase occurrence). 100,000 comments of 20 words take a few
seconds and about 200 MB; ``bench/themes.py`` measures it.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

Integers = npt.NDArray[np.int64]
SmallIntegers = npt.NDArray[np.int32]


@dataclass(frozen=True, slots=True)
class ThemeInput:
    """One comment as themes need it."""

    comment_id: int
    text: str
    agree: int = 0
    disagree: int = 0


@dataclass(frozen=True, slots=True)
class Theme:
    """A recurring phrase, the number of comments that contain it, some of those comments' ids, and
    its score (TF-IDF summed over the comments; only its order matters)."""

    phrase: str
    comment_count: int
    example_ids: tuple[int, ...]
    score: float


def question_themes(
    *,
    comments: Iterable[ThemeInput],
    language: str,
    limit: int = 8,
    examples: int = 2,
    min_comments: int = 2,
    longer_phrase_share: float = 0.8,
) -> list[Theme]:
    """The recurring key phrases of one question's comments, best first (see the module docstring)."""
    if min_comments < 1:
        raise ValueError("min_comments must be at least 1")
    rules = _language_rules(_primary_language(language))
    words = _WordCounter()
    comment_ids: list[int] = []
    agrees: list[int] = []
    disagrees: list[int] = []
    for comment in comments:
        words.add_comment(_words(comment.text, rules))
        comment_ids.append(comment.comment_id)
        agrees.append(comment.agree)
        disagrees.append(comment.disagree)
    if limit < 1 or not comment_ids:
        return []

    vocabulary, word_ids, word_comments = words.in_alphabetical_order()
    del words
    is_stop = np.fromiter((len(word) < 2 or word in rules.stop_words for word in vocabulary), dtype=bool)
    base = len(vocabulary)
    candidates = _candidates(
        word_ids, word_comments, is_stop=is_stop, base=base, comments=len(comment_ids), min_comments=min_comments
    )
    eligible = np.flatnonzero(~_covered_by_longer(candidates, base=base, share=longer_phrase_share))
    if not eligible.size:
        return []
    # Everything scoring at least the limit-th best goes into the final sort, so ties are broken by phrase.
    threshold = np.sort(candidates.scores[eligible])[::-1][min(limit, eligible.size) - 1]
    finalists = eligible[candidates.scores[eligible] >= threshold]
    best = sorted(
        (-candidates.scores[index], _phrase(candidates.keys[index], vocabulary, base), index) for index in finalists
    )
    ranking = (
        np.array(comment_ids, dtype=np.int64),
        np.array(disagrees, dtype=np.int64),
        -np.array(agrees, dtype=np.int64),
    )
    themes = []
    for negative_score, phrase, index in best[:limit]:
        containing = candidates.pair_comments[candidates.pair_phrases == index]
        chosen = containing[np.lexsort(tuple(values[containing] for values in ranking))[:examples]]
        themes.append(
            Theme(
                phrase=phrase,
                comment_count=int(candidates.comment_counts[index]),
                example_ids=tuple(comment_ids[comment] for comment in chosen.tolist()),
                score=-float(negative_score) / _SCALE,
            )
        )
    return themes


# --- Words ----------------------------------------------------------------------------------------

# Contact details and numbers are cut out before tokenising. Each pattern runs only on text that has
# its telltale character, and each alternative starts only where a run of its characters starts,
# which keeps the scan linear on long runs of letters.
_TOP_LEVEL_DOMAINS = (
    "com|org|net|info|io|me|app|gg|tv|ly|co|eu|edu|gov|int|rs|ba|hr|al|mk|kz|kg|ru|fr|be|ch|ca|uk|de|xk|срб|рф|қаз"
)
_EMAILS_AND_HANDLES = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w.])@\w+")
_LINKS = re.compile(r"(?:https?://|www\.)\S+")
_DOMAIN_HINT = re.compile(rf"\.(?:{_TOP_LEVEL_DOMAINS})\b", re.IGNORECASE)
_DOMAINS = re.compile(rf"(?<![\w@.-])(?:[\w-]+\.)+(?:{_TOP_LEVEL_DOMAINS})\b(?:/\S*)?", re.IGNORECASE)
_CUT_MARK = " | "
# A word is a run of letters, with inner apostrophes and hyphens; anything else but spaces (punctuation,
# symbols, digits: phone and house numbers, ages, years) ends a phrase and matches as an empty word.
_WORD_OR_BREAK = re.compile(r"([^\W\d_]+(?:['-][^\W\d_]+)*)|(?:[^\w\s]|[\d_])+")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})


@dataclass(frozen=True)
class _LanguageRules:
    stop_words: frozenset[str]
    # Elided words written before an apostrophe and dropped from the word (French l', Albanian s').
    elisions: frozenset[str] = frozenset()
    drop_possessive: bool = False
    letter_swaps: dict[int, str] | None = None


def _words(text: str, rules: _LanguageRules) -> list[str]:
    """The words of ``text`` in order, with an empty string wherever a phrase must end."""
    text = unicodedata.normalize("NFKC", text)
    if "@" in text:
        text = _EMAILS_AND_HANDLES.sub(_CUT_MARK, text)
    if "://" in text or "www." in text:
        text = _LINKS.sub(_CUT_MARK, text)
    if _DOMAIN_HINT.search(text):
        text = _DOMAINS.sub(_CUT_MARK, text)
    text = text.lower()
    if "’" in text or "ʼ" in text:
        text = text.translate(_APOSTROPHES)
    if rules.letter_swaps:
        text = text.translate(rules.letter_swaps)
    words = _WORD_OR_BREAK.findall(text)
    if "'" in text:
        return [_without_apostrophe_parts(word, rules) if "'" in word else word for word in words]
    return words


def _without_apostrophe_parts(word: str, rules: _LanguageRules) -> str:
    if rules.drop_possessive and word.endswith("'s"):
        return word[:-2]
    head, apostrophe, tail = word.partition("'")
    return tail if apostrophe and head in rules.elisions else word


# A phrase of up to three word numbers is packed into one integer, a + b·V + c·V² (V: words in the
# vocabulary, numbered from 1), which stays below 2⁶³ while V ≤ 2²¹.
_WORDS_MAX = 1 << 21
_BREAK = 0


class _WordCounter:
    """All comments' words as numbers in one flat array, with a break (0) wherever a phrase must end,
    and after each comment."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.words: list[str] = [""]
        self.word_ids = array("I")
        self.comment_ends = array("Q")

    def add_comment(self, words: list[str]) -> None:
        numbers, number = self.numbers, self._number
        self.word_ids.extend([numbers.get(word) or number(word) for word in words])
        self.word_ids.append(_BREAK)
        self.comment_ends.append(len(self.word_ids))

    def _number(self, word: str) -> int:
        # An empty word marks a break; past 2,097,151 different words (never met in real comments) a
        # new word acts as one too.
        if not word or len(self.words) >= _WORDS_MAX:
            return _BREAK
        number = self.numbers[word] = len(self.words)
        self.words.append(word)
        return number

    def in_alphabetical_order(self) -> tuple[list[str], SmallIntegers, SmallIntegers]:
        """The vocabulary sorted, the words renumbered after it, and each word's comment.

        Numbers given in order of appearance would make the packed phrases, and so the order in which
        floating-point sums are taken, depend on the order of the comments.
        """
        order = sorted(range(1, len(self.words)), key=self.words.__getitem__)
        renumber = np.zeros(len(self.words), dtype=np.int32)
        renumber[order] = np.arange(1, len(self.words), dtype=np.int32)
        vocabulary = ["", *(self.words[number] for number in order)]
        word_ids = renumber[np.frombuffer(self.word_ids, dtype=np.uint32)]
        lengths = np.diff(np.frombuffer(self.comment_ends, dtype=np.uint64).astype(np.int64), prepend=0)
        word_comments = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
        return vocabulary, word_ids, word_comments


def _phrase(key: np.int64, vocabulary: list[str], base: int) -> str:
    key, words = int(key), []
    while key:
        key, number = divmod(key, base)
        words.append(vocabulary[number])
    return " ".join(words)


# --- Phrases and scores ---------------------------------------------------------------------------

_SCALE = 10**9


@dataclass(frozen=True)
class _Candidates:
    """Phrases in at least ``min_comments`` comments, sorted by key, and which comments contain them."""

    keys: Integers
    comment_counts: Integers
    scores: npt.NDArray[np.float64]  # in units of 10⁻⁹, whole numbers
    pair_phrases: Integers  # one entry per (comment, candidate) pair: the candidate's index…
    pair_comments: Integers  # …and the comment's


def _candidates(
    word_ids: SmallIntegers,
    word_comments: SmallIntegers,
    *,
    is_stop: npt.NDArray[np.bool_],
    base: int,
    comments: int,
    min_comments: int,
) -> _Candidates:
    """Phrases counted per comment, the rare ones dropped, the rest scored.

    Phrases of one, two and three words are counted one length at a time: the arrays have an entry
    per occurrence (over a million per length for 100,000 comments of 20 words), and only the
    candidates, far fewer, are kept from each. Packed keys of longer phrases are larger, so the
    candidates come out sorted by key.
    """
    # Breaks end every comment, so no phrase runs from one comment into the next.
    word = word_ids != _BREAK
    content = word & ~is_stop[word_ids]
    groups: list[_Counted] = []
    for length in (1, 2, 3):
        start = _phrase_starts(word, content, length=length)
        packed = word_ids[start].astype(np.int64)
        for offset in range(1, length):
            packed += word_ids[start + offset].astype(np.int64) * base**offset
        groups.append(_counted(packed, word_comments[start], min_comments=min_comments))
        del start, packed
    del word, content
    offsets = np.cumsum([0, *(len(group.keys) for group in groups)])
    all_counts = np.concatenate([group.comment_counts for group in groups])
    all_phrases = np.concatenate([group.pair_phrases + offset for group, offset in zip(groups, offsets, strict=False)])
    all_comments = np.concatenate([group.pair_comments for group in groups])
    times = np.concatenate([group.times for group in groups])
    idf = np.log((1 + comments) / (1 + all_counts)) + 1
    weights = (1 + np.log(times)) * idf[all_phrases]
    # Each comment's own phrases come in the same order (by key) whatever the order of comments, so
    # its length is the same float; rounded shares then add up exactly.
    lengths = np.sqrt(np.bincount(all_comments, weights * weights, minlength=comments))
    shares = np.rint(weights / lengths[all_comments] * _SCALE)
    return _Candidates(
        keys=np.concatenate([group.keys for group in groups]),
        comment_counts=all_counts,
        scores=np.bincount(all_phrases, shares, minlength=len(all_counts)),
        pair_phrases=all_phrases,
        pair_comments=all_comments,
    )


def _phrase_starts(word: npt.NDArray[np.bool_], content: npt.NDArray[np.bool_], *, length: int) -> Integers:
    """Where phrases of ``length`` words start: a content word at each end, and words between."""
    count = max(len(content) - length + 1, 0)
    starts = content[:count] & content[length - 1 : length - 1 + count]
    for inner in range(1, length - 1):
        starts &= word[inner : inner + count]
    return np.flatnonzero(starts)


@dataclass(frozen=True)
class _Counted:
    keys: Integers
    comment_counts: Integers
    pair_phrases: Integers
    pair_comments: Integers
    times: Integers


def _counted(keys: Integers, key_comments: SmallIntegers, *, min_comments: int) -> _Counted:
    """Phrases in at least ``min_comments`` comments, and each (comment, phrase) pair with the times
    the phrase is in the comment, sorted by comment then phrase."""
    phrases, phrase_of_key = np.unique(keys, return_inverse=True)
    comment_phrase = key_comments.astype(np.int64) * len(phrases) + phrase_of_key
    del phrase_of_key
    comment_phrase.sort()
    firsts = np.flatnonzero(np.diff(comment_phrase, prepend=-1))
    times = np.diff(firsts, append=len(comment_phrase))
    pair_comments, pair_phrases = np.divmod(comment_phrase[firsts], len(phrases))
    del comment_phrase, firsts
    comment_counts = np.bincount(pair_phrases, minlength=len(phrases))
    is_candidate = comment_counts >= min_comments
    kept = is_candidate[pair_phrases]
    return _Counted(
        keys=phrases[is_candidate],
        comment_counts=comment_counts[is_candidate],
        pair_phrases=(np.cumsum(is_candidate) - 1)[pair_phrases[kept]],
        pair_comments=pair_comments[kept],
        times=times[kept],
    )


def _covered_by_longer(candidates: _Candidates, *, base: int, share: float) -> npt.NDArray[np.bool_]:
    """Which candidates a longer candidate containing them covers (in ``share`` of their comments)."""
    keys, counts = candidates.keys, candidates.comment_counts
    rest, first = np.divmod(keys, base)
    third, second = np.divmod(rest, base)
    pair, triple = (second > 0) & (third == 0), third > 0
    parts = np.concatenate(
        (
            first[pair],
            second[pair],
            first[triple],
            second[triple],
            third[triple],
            first[triple] + second[triple] * base,
            second[triple] + third[triple] * base,
        )
    )
    longer_counts = np.concatenate((counts[pair], counts[pair], *(counts[triple],) * 5))
    found = np.minimum(np.searchsorted(keys, parts), len(keys) - 1)
    is_part = keys[found] == parts
    covered = np.zeros(len(keys), dtype=bool)
    covered[found[is_part & (longer_counts >= share * counts[found])]] = True
    return covered


# --- Stop words ---------------------------------------------------------------------------------

_STOP_WORD_FILES = Path(__file__).with_name("stopwords")
# Serbian, Croatian, Bosnian and Montenegrin share one list.
_SHARED_LISTS = {"sr": "sh", "hr": "sh", "bs": "sh", "cnr": "sh", "sh": "sh"}
_WITHOUT_DIACRITICS = {
    "sh": [str.maketrans({"č": "c", "ć": "c", "š": "s", "ž": "z", "đ": "d"}), str.maketrans({"đ": "dj"})],
    "sq": [str.maketrans({"ë": "e", "ç": "c"})],
}
_ELISIONS = {
    "fr": frozenset({"c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"}),
    "sq": frozenset({"s"}),
}
_SERBIAN_CYRILLIC_PAIRS = {"lj": "љ", "nj": "њ", "dž": "џ"}
_SERBIAN_CYRILLIC = str.maketrans(dict(zip("abcčćdđefghijklmnoprsštuvzž", "абцчћдђефгхијклмнопрсштувзж", strict=True)))


def _primary_language(language: str) -> str:
    """``sr-Latn`` → ``sh``, ``en_GB`` → ``en``: the list a language tag uses."""
    primary = language.strip().lower().replace("_", "-").split("-")[0]
    return _SHARED_LISTS.get(primary, primary)


@lru_cache(maxsize=16)
def _language_rules(language: str) -> _LanguageRules:
    path = _STOP_WORD_FILES / f"{language}.txt"
    # A language code is letters only: whatever else comes in is never turned into a path.
    if not language.isalpha() or not path.is_file():
        return _LanguageRules(stop_words=frozenset())
    listed = {
        word
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
        for word in line.split()
    }
    words = set(listed)
    for folding in _WITHOUT_DIACRITICS.get(language, ()):
        words |= {word.translate(folding) for word in listed}
    if language == "sh":
        words |= {_to_serbian_cyrillic(word) for word in listed}
    return _LanguageRules(
        stop_words=frozenset(words),
        elisions=_ELISIONS.get(language, frozenset()),
        drop_possessive=language == "en",
        letter_swaps=str.maketrans({"ё": "е"}) if language == "ru" else None,
    )


def _to_serbian_cyrillic(word: str) -> str:
    for latin, cyrillic in _SERBIAN_CYRILLIC_PAIRS.items():
        word = word.replace(latin, cyrillic)
    return word.translate(_SERBIAN_CYRILLIC)
