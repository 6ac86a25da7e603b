"""The English word list: the same answers from memory, from the on-disk index and from scratch."""

from __future__ import annotations

import hashlib
import marshal
import multiprocessing
import random
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import spellchecker
from spellchecker import SpellChecker

from notedeck.derive import dictionary
from notedeck.derive.dictionary import forget_memory, frequencies, keep_index, load, unknown

# Known, misspelled, capitalised (the list is lower case), accented and hyphenated words.
_WORDS = (
    "the", "revolution", "photosynthesis", "of", "zzxqv", "revolutoin", "The", "café",
    "naïve", "well-known", "parliament", "parliment", "a", "",
)  # fmt: skip


@pytest.fixture(scope="module")
def reference() -> dict[str, int]:
    """pyspellchecker's own list, read without notedeck."""
    return dict(SpellChecker(language="en", distance=1).word_frequency.dictionary)


@pytest.fixture(scope="module")
def built_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache directory after one first run, copied by the tests that need one."""
    cache = tmp_path_factory.mktemp("built-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NOTEDECK_CACHE_DIR", str(cache))
        forget_memory()
        frequencies(["the"])  # a first lookup writes both copies
        forget_memory()
    return cache


@pytest.fixture(autouse=True)
def _new_process() -> Iterator[None]:
    forget_memory()
    yield
    forget_memory()


@pytest.fixture
def cache(tmp_path: Path, built_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built cache directory, in use."""
    target = tmp_path / "cache"
    shutil.copytree(built_cache, target)
    monkeypatch.setenv("NOTEDECK_CACHE_DIR", str(target))
    return target


def _expected(words: tuple[str, ...] | list[str], reference: dict[str, int]) -> dict[str, int]:
    return {word: reference[word] for word in words if word in reference}


def _index(cache: Path) -> Path:
    (path,) = cache.glob("words-en-*.sqlite")
    return path


def _marshal(cache: Path) -> Path:
    (path,) = cache.glob("words-en-*.marshal")
    return path


def _rows(index: Path) -> dict[str, int]:
    with sqlite3.connect(index) as db:
        rows = dict(db.execute("SELECT word, freq FROM words"))
    db.close()
    return rows


def _replace_with_fake_index(index: Path, rows: dict[str, int], *, stamped: bool = True) -> None:
    """An index that answers differently from the real list, to see who answered; stamped
    as made from the real list unless `stamped` is False."""
    index.unlink()
    db = sqlite3.connect(index)
    db.execute("CREATE TABLE words (word TEXT PRIMARY KEY, freq INTEGER) WITHOUT ROWID")
    db.executemany("INSERT INTO words VALUES (?, ?)", rows.items())
    if stamped:
        db.execute("CREATE TABLE made_from (format TEXT, source TEXT)")
        made_from = (dictionary._FORMAT, dictionary._source_digest())
        db.execute("INSERT INTO made_from VALUES (?, ?)", made_from)
    db.commit()
    db.close()


def _payload(copy: Path) -> object:
    """The list in a marshal copy, past its header line."""
    return marshal.loads(copy.read_bytes().partition(b"\n")[2])


def test_expected_answers_are_not_trivial(reference: dict[str, int]) -> None:
    expected = _expected(_WORDS, reference)
    assert {"the", "revolution", "parliament", "café"} <= expected.keys()
    assert not {"zzxqv", "revolutoin", "The", "parliment", ""} & expected.keys()
    assert expected["the"] > expected["revolution"] > 0


def test_first_run_answers_and_writes_both_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: dict[str, int]
) -> None:
    monkeypatch.setenv("NOTEDECK_CACHE_DIR", str(tmp_path / "new"))
    assert frequencies(_WORDS) == _expected(_WORDS, reference)
    assert _rows(_index(tmp_path / "new")) == reference
    assert sorted(p.suffix for p in (tmp_path / "new").iterdir()) == [".marshal", ".sqlite"]


def test_a_cold_build_leaves_the_index_to_the_first_lookup_that_wants_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: dict[str, int]
) -> None:
    monkeypatch.setenv("NOTEDECK_CACHE_DIR", str(tmp_path / "new"))
    load()
    assert [p.suffix for p in (tmp_path / "new").iterdir()] == [".marshal"]
    assert unknown(set(_WORDS)) == set(_WORDS) - reference.keys()

    forget_memory()
    assert unknown(set(_WORDS)) == set(_WORDS) - reference.keys()
    assert _rows(_index(tmp_path / "new")) == reference


def test_keep_index_writes_the_index_from_memory_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: dict[str, int]
) -> None:
    monkeypatch.setenv("NOTEDECK_CACHE_DIR", str(tmp_path / "new"))
    keep_index()  # nothing in memory: nothing to write from
    assert not (tmp_path / "new").exists()
    load()
    keep_index()
    assert _rows(_index(tmp_path / "new")) == reference
    _replace_with_fake_index(_index(tmp_path / "new"), {"zzfake": 7})
    keep_index()  # an index is there: left alone
    assert _rows(_index(tmp_path / "new")) == {"zzfake": 7}


@pytest.mark.parametrize("size", [len(_WORDS), 800, 2_500])
def test_memory_and_index_give_the_same_answers(
    cache: Path, reference: dict[str, int], size: int
) -> None:
    """2,500 words are more than SQLite takes as separate parameters."""
    known = random.Random(size).sample(sorted(reference), size // 2)
    words = (list(_WORDS) + known + [word + "q" for word in known])[:size]
    from_index = frequencies(words)
    load()
    assert frequencies(words) == from_index == _expected(words, reference)


def test_lookups_use_the_index_without_loading_the_list(cache: Path) -> None:
    _replace_with_fake_index(_index(cache), {"zzfake": 7})
    assert frequencies(["zzfake", "the"]) == {"zzfake": 7}
    assert frequencies({"the", "zzfake"}) == {"zzfake": 7}


def test_a_lookup_too_large_for_the_index_loads_the_list(
    cache: Path, reference: dict[str, int]
) -> None:
    _replace_with_fake_index(_index(cache), {"zzfake": 7})
    words = ["zzfake", *sorted(reference)[:30_000]]
    assert frequencies(words) == _expected(words, reference)
    assert frequencies(["zzfake", "the"]) == {"the": reference["the"]}


def test_after_load_lookups_never_touch_the_index(cache: Path, reference: dict[str, int]) -> None:
    load()
    _replace_with_fake_index(_index(cache), {"zzfake": 7, "the": 1})
    assert frequencies(["zzfake", "the"]) == {"the": reference["the"]}


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_workers_forked_after_load_answer_from_memory(
    cache: Path, reference: dict[str, int]
) -> None:
    load()
    _replace_with_fake_index(_index(cache), {"zzfake": 7, "the": 1})
    with multiprocessing.get_context("fork").Pool(1) as pool:
        answer = pool.apply(frequencies, (["zzfake", "the"],))
    assert answer == {"the": reference["the"]}


def test_an_empty_collection_needs_no_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTEDECK_CACHE_DIR", str(tmp_path / "new"))
    assert frequencies([]) == {}
    assert frequencies(set()) == {}
    assert not (tmp_path / "new").exists()


def test_a_word_sqlite_cannot_take_is_not_english(cache: Path, reference: dict[str, int]) -> None:
    assert frequencies(["the", "\ud800"]) == {"the": reference["the"]}


@pytest.mark.parametrize("damage", ["garbage", "empty", "truncated", "other schema"])
def test_a_damaged_index_falls_back_and_is_rewritten(
    cache: Path, reference: dict[str, int], damage: str
) -> None:
    index = _index(cache)
    if damage == "garbage":
        index.write_bytes(b"not a database at all" * 100)
    elif damage == "empty":
        index.write_bytes(b"")
    elif damage == "truncated":
        index.write_bytes(index.read_bytes()[: index.stat().st_size // 3])
    else:
        index.unlink()
        with sqlite3.connect(index) as db:
            db.execute("CREATE TABLE other (x)")
        db.close()
    assert frequencies(_WORDS) == _expected(_WORDS, reference)
    assert _rows(index) == reference


@pytest.mark.parametrize("content", [b"", b"\x00garbage", b"N", b"i\x01\x00\x00\x00"])
def test_a_damaged_marshal_copy_is_rebuilt(
    cache: Path, reference: dict[str, int], content: bytes
) -> None:
    """`N` and `i...` unmarshal without error, to None and 1."""
    _index(cache).unlink()
    _marshal(cache).write_bytes(content)
    assert frequencies(_WORDS) == _expected(_WORDS, reference)
    assert _payload(_marshal(cache)) == reference
    assert _rows(_index(cache)) == reference


def test_a_cache_that_cannot_be_written_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: dict[str, int]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    monkeypatch.setenv("NOTEDECK_CACHE_DIR", str(blocker / "cache"))
    assert frequencies(_WORDS) == _expected(_WORDS, reference)
    forget_memory()
    assert frequencies(_WORDS) == _expected(_WORDS, reference)
    assert blocker.read_text() == "in the way"


def test_copies_are_named_after_the_list_they_came_from(cache: Path) -> None:
    """A new pyspellchecker (another list) must not be answered from an old copy."""
    source = (Path(spellchecker.__file__).parent / "resources" / "en.json.gz").read_bytes()
    name = f"words-en-2-{hashlib.sha256(source).hexdigest()[:16]}"
    assert _index(cache).name == f"{name}.sqlite"
    assert _marshal(cache).name == f"{name}.marshal"


def _write_wrong_marshal(copy: Path, *, header: str) -> None:
    """A well-formed copy of a word list that is not pyspellchecker's."""
    payload = marshal.dumps({"zzfake": 7, "the": 1})
    if header == "none":  # as the first format wrote it
        copy.write_bytes(payload)
        return
    source = dictionary._source_digest() if header == "payload" else "0" * 64
    digest = hashlib.sha256(payload if header == "source" else b"other").hexdigest()
    copy.write_bytes(f"notedeck-words 2 {source} {digest}\n".encode() + payload)


@pytest.mark.parametrize(
    "wrong",
    ["unstamped index", "index of another list", "bare marshal", "marshal of another list",
     "marshal with a wrong hash"],
)  # fmt: skip
def test_a_wrong_but_well_formed_list_in_the_cache_is_not_used(
    cache: Path, reference: dict[str, int], wrong: str
) -> None:
    if "index" in wrong:
        _replace_with_fake_index(_index(cache), {"zzfake": 7, "the": 1}, stamped=False)
        if wrong == "index of another list":
            with sqlite3.connect(_index(cache)) as db:
                db.execute("CREATE TABLE made_from (format TEXT, source TEXT)")
                db.execute("INSERT INTO made_from VALUES (?, ?)", ("2", "0" * 64))
            db.close()
    else:
        _index(cache).unlink()  # so the list must come from the marshal copy
        header = {
            "bare marshal": "none",
            "marshal of another list": "source",
            "marshal with a wrong hash": "payload",
        }[wrong]
        _write_wrong_marshal(_marshal(cache), header=header)
    assert frequencies(["zzfake", "the"]) == {"the": reference["the"]}
    forget_memory()  # and the copies were made again from the source
    assert _rows(_index(cache)) == reference
    assert _payload(_marshal(cache)) == reference
    assert frequencies(["zzfake", "the"]) == {"the": reference["the"]}


def test_spelling_findings_are_unchanged_by_a_wrong_list_in_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reported case: a list of a few words in the cache made 8 findings 833."""
    from notedeck.notebook import load_notebook
    from tests.helpers import as_new_process

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(
        "# Stalin\n\n## Rise\n\n* In 1924 the goverment of the party chose Stalin.\n"
        "* The Politburo's decisons went his way, and the party's members followed.\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("NOTEDECK_CACHE_DIR", str(tmp_path / "cache"))
    as_new_process()
    expected = load_notebook(notes, cache_dir=False).all_findings()
    assert {f.message.split("'")[1] for f in expected if f.code == "LIKELY_MISSPELLING"} == {
        "goverment",
        "decisons",
    }
    frequencies(["the"])  # both copies written
    _replace_with_fake_index(_index(tmp_path / "cache"), {"the": 1}, stamped=False)
    _write_wrong_marshal(_marshal(tmp_path / "cache"), header="none")
    as_new_process()
    assert load_notebook(notes, cache_dir=False).all_findings() == expected


def test_a_british_spelling_is_as_common_as_its_american_one(reference: dict[str, int]) -> None:
    found = frequencies({"rumour", "organised", "centre", "analyse", "zzxqv"})
    assert found["rumour"] == reference["rumor"]
    assert found["organised"] == reference["organized"]
    assert found["centre"] == reference["center"]
    assert found["analyse"] == reference["analyze"]
    assert "zzxqv" not in found
    assert frequencies({"rumour"}, as_written=True) == {}
    # spelling checks read words as written: a notebook with `color` and `colour` is told
    assert unknown({"colour", "color", "zzxqv"}) == {"colour", "zzxqv"}
