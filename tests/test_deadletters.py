"""Failures become dead letters in the stream; dead letters pass later steps untouched."""

from pipelines.deadletters import describe, guarded, guarded_flat
from schemas import DeadLetter, Document


def fail(document):
    raise ValueError("no readable text\nsecond line")


def test_guarded_turns_an_exception_into_a_dead_letter():
    document = Document(source="in/a.txt", source_kind="file", text="x" * 5000)
    letter = guarded("parse", fail)(document)
    assert isinstance(letter, DeadLetter)
    assert (letter.step, letter.source, letter.error) == ("parse", "in/a.txt", "ValueError: no readable text")
    assert "Traceback" in letter.traceback and "fail" in letter.traceback
    assert letter.payload == "x" * DeadLetter.PAYLOAD_LIMIT


def test_guarded_passes_dead_letters_and_results_through():
    letter = DeadLetter(step="read", source="b", error="e", traceback="", payload="")
    assert guarded("parse", fail)(letter) is letter
    assert guarded("double", lambda x: x * 2)(21) == 42


def test_guarded_flat_keeps_what_was_yielded_before_the_failure():
    def read(item):
        yield "first"
        raise OSError("disk gone")

    out = list(guarded_flat("read", read)(("in/feed.rss", "feed")))
    assert out[0] == "first"
    assert (
        isinstance(out[1], DeadLetter)
        and out[1].source == "in/feed.rss"
        and out[1].error == "OSError: disk gone"
    )


def test_describe_without_a_message():
    assert describe(KeyError()) == "KeyError"


def test_a_reader_that_raises_becomes_one_dead_letter_in_the_read_step(tmp_path, monkeypatch):
    from functools import partial

    from connectors import sources
    from pipelines.deadletters import guarded_flat
    from pipelines.graph import read_input

    feed = tmp_path / "odd.rss"
    feed.write_bytes(b"<rss></rss>")

    def broken_reader(path, data, *, fetched_at=None):
        raise RuntimeError("a reader bug on one strange file")
        yield  # a generator, like the real readers

    monkeypatch.setattr(sources, "read_feed", broken_reader)
    (letter,) = list(guarded_flat("read", partial(read_input, fetched_at=None))((str(feed), "feed")))
    assert (letter.step, letter.source, letter.error) == (
        "read",
        str(feed),
        "RuntimeError: a reader bug on one strange file",
    )
