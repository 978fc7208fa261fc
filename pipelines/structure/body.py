"""The article taken apart: head, body paragraphs and the furniture around them (`split_article`)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from pipelines.structure.bylines import (
    DATELINE_ZONE,
    credited_byline,
    dateline_agencies,
    dressed_byline,
    signature_name,
    signs_with_email,
    worded_byline,
)
from pipelines.structure.closing import is_closing_furniture, without_end_mark
from pipelines.structure.furniture import (
    BYLINE_ZONE,
    FACT_BOX,
    article_names,
    bare_credit_caption,
    classify_special,
    comment_start,
    credit_captions,
    is_names_byline,
    is_related_heading,
    is_subheading,
    label_caption,
    read_byline,
    read_fact_box,
    read_related,
    read_tweet,
)
from pipelines.structure.head import read_head
from pipelines.structure.text import clean_text, comparable, ends_like_sentence, read_lines, unwrap
from schemas.article import Caption, Embed, FactBox, Paragraph


@dataclass(frozen=True, slots=True)
class Structure:
    """An article's text taken apart: body paragraphs plus everything that is not body."""

    title: str | None
    header_date: str | None
    lede: str | None
    standfirst: tuple[str, ...]
    paragraphs: tuple[Paragraph, ...]
    captions: tuple[Caption, ...]
    captions_collapsed: int
    byline: str | None
    agencies: tuple[str, ...]
    related: tuple[str, ...]
    fact_boxes: tuple[FactBox, ...]
    embeds: tuple[Embed, ...]
    comments: tuple[str, ...]
    boilerplate: tuple[str, ...]
    stamp_lines: tuple[str, ...]


def _never(_line: str) -> bool:
    """The default stamp test: no line is a stamp."""
    return False


class _Captions:
    """Captions kept once each, with a count of the repeats dropped."""

    def __init__(self) -> None:
        self.kept: list[Caption] = []
        self.collapsed = 0

    def add(self, caption: Caption) -> None:
        """Keeps a caption unless it repeats one kept (a credit fills a kept caption that had none)."""
        key = comparable(caption.text)
        for i, kept in enumerate(self.kept):
            if comparable(kept.text) != key:
                continue
            if caption.credit is None or caption.credit == kept.credit:
                self.collapsed += 1
                return
            if kept.credit is None:
                self.kept[i] = caption
                self.collapsed += 1
                return
        self.kept.append(caption)

    def repeats(self, text: str) -> bool:
        """Whether a body line is the text of a kept caption."""
        if not self.kept:
            return False
        key = comparable(text)
        return any(comparable(c.text) == key for c in self.kept)


_WORD_START = re.compile(r"(?<=\s)(?=\S)")


def _every_tail(text: str, is_stamp_line: Callable[[str], bool]) -> Iterator[int]:
    """Word starts after which the rest of `text` is a stamp line, asking `is_stamp_line` at each."""
    return (m.start() for m in _WORD_START.finditer(text) if is_stamp_line(text[m.start() :]))


def split_glued_stamp(
    text: str,
    is_stamp_line: Callable[[str], bool],
    stamp_tails: Callable[[str], Iterable[int]] | None = None,
) -> tuple[str, str] | None:
    """(byline, stamp) of a byline with a stamp glued on (`Reuters Updated: January 16, 2020`).

    `stamp_tails` (`pipelines.timestamps.stamp_tails`) gives the word starts after which the rest
    of the line is a stamp line, the answer `is_stamp_line` gives at each, but found in one pass.
    """
    if len(text) > 120:
        return None
    tails = stamp_tails(text) if stamp_tails is not None else _every_tail(text, is_stamp_line)
    for start in tails:
        head, tail = text[:start].strip(" ,|–-"), text[start:]
        if head and (read_byline(head) is not None or is_names_byline(head)):
            return head, tail
    return None


def source_byline(
    author: str,
    is_stamp_line: Callable[[str], bool],
    stamp_tails: Callable[[str], Iterable[int]] | None = None,
) -> str | None:
    """The byline a source gave as metadata, without a stamp glued to it (a page's byline element
    often holds the date too: `Reuters Updated: January 16, 2020` -> `Reuters`); None when the
    element held only the stamp (`28.5.2020 17:43 Uppdaterad 28.5.2020 17:43`). `stamp_tails` as
    in `split_glued_stamp`."""
    glued = split_glued_stamp(author.strip(), is_stamp_line, stamp_tails)
    if glued:
        return glued[0]
    return None if is_stamp_line(author.strip()) else author.strip() or None


def split_article(
    text: str,
    *,
    title: str | None = None,
    is_stamp_line: Callable[[str], bool] = _never,
    stamp_tails: Callable[[str], Iterable[int]] | None = None,
    captions: Sequence[Caption] = (),
) -> Structure:
    """Reads a plain-text article (one paragraph a line; blank lines may separate paragraphs) the way an editor would.

    Args:
        text: the article text.
        title: the title the source states (feed, HTML or JSON metadata); it wins over the text's.
        is_stamp_line: whether a line is a publication/update stamp (`pipelines.timestamps.is_stamp_line`).
        stamp_tails: where in a line the rest is a stamp line (`pipelines.timestamps.stamp_tails`), for a
            stamp glued to a byline; it must agree with `is_stamp_line`, and None asks that at every word.
        captions: captions the source gives apart (`media:description`, `<figcaption>`); merged in, and
            body lines repeating them removed.

    Returns:
        The `Structure`; never raises on text.
    """
    lines = read_lines(unwrap(text))
    given_title = clean_text(title) if title else None
    kept = _Captions()
    for caption in captions:
        kept.add(Caption(text=clean_text(caption.text), credit=clean_text(caption.credit or "") or None))

    head = read_head(lines, given_title=given_title, is_stamp_line=is_stamp_line)
    lines, i, standfirst = head.lines, head.start, head.standfirst

    tail = comment_start(lines, i)
    comments = tuple(line.text for line in lines[tail:])
    body_lines = lines[i:tail]
    gaps = [line.blank_before for line in body_lines[1:]]
    mixed_layout = any(gaps) and not all(gaps)

    names_cache: list[frozenset[str]] = []

    def names() -> frozenset[str]:
        if not names_cache:
            # The box's own words are left out: its list runs labels into names (`Georgia Anerkjenner`).
            names_cache.append(article_names([line for line in lines if not FACT_BOX.match(line.text)]))
        return names_cache[0]

    paragraphs: list[Paragraph] = []
    stamps: list[str] = []
    boilerplate: list[str] = list(head.section_path)  # site furniture, like the paywall lines
    related: list[str] = []
    bylines: list[str] = []
    agencies: dict[str, None] = {}  # in the order found, once each
    fact_boxes: list[FactBox] = []
    embeds: list[Embed] = []
    contact = -1  # the line of a writer's e-mail address under their name
    box_heading = box_end = -2  # a related box: its heading's line, and its last line so far
    for n, line in enumerate(body_lines):
        t = line.text
        kind = classify_special(t, is_stamp_line)
        if n == contact:
            boilerplate.append(t)
        elif is_related_heading(t):
            boilerplate.append(t)  # `LUE MYÖS`: the box's heading; its headlines are the lines under it
            box_heading = box_end = n
        elif (
            n == box_end + 1
            and (box_end == box_heading or not line.blank_before)
            and not ends_like_sentence(t)
        ):
            related.append(t)
            box_end = n
        elif kind == "stamp":
            stamps.append(t)
        elif kind == "boilerplate":
            boilerplate.append(t)
        elif kind == "related":
            related.append(read_related(t) or "")
        elif (found := read_byline(t)) is not None:
            bylines.append(t)
            agencies.update(dict.fromkeys(found))
        elif n + 1 < len(body_lines) and signs_with_email(t, body_lines[n + 1].text):
            bylines.append(t)  # `Lauri Nurmi` over `lauri.nurmi@iltalehti.fi`, at the end
            contact = n + 1
        elif not bylines and n <= BYLINE_ZONE and n > 0 and is_names_byline(t):
            bylines.append(t)  # bare names under the title and lede: who wrote it
        elif (writer := credited_byline(t)) is not None:
            bylines.append(writer)  # `Tekst: Kari Nordmann Foto: Ola Hansen`: the writer
            agencies.update(dict.fromkeys(read_byline(writer) or ()))
        elif (worded := worded_byline(t, near_top=not bylines and 0 < n <= BYLINE_ZONE)) is not None:
            bylines.append(t)  # `Kommentar av X`, `X, journalist`: tidied when the byline is read
            agencies.update(dict.fromkeys(worded))
        elif (dressed := dressed_byline(t)) is not None:
            bylines.append(dressed)  # `-- By Michael Russell Follow @tdmrussell`
            agencies.update(dict.fromkeys(read_byline(dressed) or ()))
        elif (glued := split_glued_stamp(t, is_stamp_line, stamp_tails)) is not None:
            byline, stamp = glued  # `Reuters Updated: January 16, 2020`
            bylines.append(byline)
            agencies.update(dict.fromkeys(read_byline(byline) or ()))
            stamps.append(stamp)
        elif (box := read_fact_box(t, names)) is not None:
            fact_boxes.append(box)
        elif (tweet := read_tweet(t)) is not None:
            embeds.append(tweet)
        elif (on_line := credit_captions(t)) is not None:
            for caption in on_line:
                if caption.text:
                    kept.add(caption)
            if not any(caption.text for caption in on_line):
                boilerplate.append(t)  # a credit alone (`(Credit: X / Grist)`) describes nothing
        elif (labelled := label_caption(line, mixed_layout=mixed_layout)) is not None:
            kept.add(labelled)
        elif paragraphs and is_subheading(t):
            paragraphs.append(Paragraph(text=t, kind="subheading"))
        else:
            paragraphs.append(Paragraph(text=t))

    # Captions with their photographer's name glued on (`... joulupöytäliinan. Matti Matikainen`): a
    # name that ends two or more lines credits pictures; one line ending so may be prose.
    bare = {n: c for n, p in enumerate(paragraphs) if (c := bare_credit_caption(p.text)) is not None}
    photographers = Counter(c.credit for c in bare.values())
    credited = {n for n, c in bare.items() if photographers[c.credit] >= 2}
    for n in sorted(credited):
        kept.add(bare[n])
    paragraphs = [p for n, p in enumerate(paragraphs) if n not in credited]
    # A body line repeating a caption (given by the source or found elsewhere) is that caption again.
    body = []
    for paragraph in paragraphs:
        if kept.repeats(paragraph.text):
            kept.collapsed += 1
        else:
            body.append(paragraph)
    # Closing furniture (`(END)`, the writer's address, a follow prompt, a disclaimer, a bio) ends the
    # text after its last paragraph of prose; a wire's end mark may stand after the last sentence.
    closing: list[str] = []
    while body and is_closing_furniture(body[-1].text, bylines):
        closing.insert(0, body.pop().text)
    boilerplate.extend(closing)
    if body and (unmarked := without_end_mark(body[-1].text)) != body[-1].text:
        boilerplate.append(body[-1].text[len(unmarked) :].strip())
        body[-1] = Paragraph(text=unmarked, kind=body[-1].kind)
    # A signature closing the text names its writer (`Kim Gump, Dallas` under a letter to the editor).
    if body and (signed := signature_name(body[-1].text)) is not None:
        bylines.append(signed)
        body.pop()
    # A dateline opening the text names the agency (`Frankfurt/Main (dpa) - ...`); the line stays text.
    for paragraph in body[:DATELINE_ZONE]:
        agencies.update(dict.fromkeys(dateline_agencies(paragraph.text)))
    # A heading needs something under it.
    if body and body[-1].kind == "subheading":
        body[-1] = Paragraph(text=body[-1].text)

    return Structure(
        title=given_title or head.title,
        header_date=head.header_date,
        lede=body[0].text if body and body[0].kind == "text" else None,
        standfirst=standfirst,
        paragraphs=tuple(body),
        captions=tuple(kept.kept),
        captions_collapsed=kept.collapsed,
        # Several byline lines (a writer and, elsewhere, an agency) are kept together, in order.
        byline="; ".join(bylines) or None,
        agencies=tuple(agencies),
        related=tuple(related),
        fact_boxes=tuple(fact_boxes),
        embeds=tuple(embeds),
        comments=comments,
        boilerplate=tuple(boilerplate),
        stamp_lines=tuple(stamps),
    )
