"""Photo captions of an HTML page: which elements are captions, and each one's text and credit."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from connectors.html_text import collapse as _collapse
from connectors.html_text import paragraphs as _paragraphs
from schemas.article import Caption
from schemas.vocabulary import CAPTION_CREDIT_WORDS, SHOW_MORE_WORDS, alternation

# A credit at the end of a caption, the way Nordic and English sites write it ("... Foto: NTB").
_CREDIT_LABEL = rf"(?:{alternation(CAPTION_CREDIT_WORDS)})\s*:\s*"
_TRAILING_CREDIT = re.compile(
    rf"^(?P<text>.*)\s*[(\[]?\b{_CREDIT_LABEL}(?P<credit>\S.*?)\s*$", re.DOTALL | re.IGNORECASE
)
_CREDIT_MAX_WORDS = 8  # a longer "credit" is the caption's prose going on (as in the text reader)
# An unlabelled wire-photo credit ending a caption: `... award. REUTERS/Monica Almeida`, `AP Photo/Jane Doe`.
_AGENCY_CREDIT = re.compile(
    r"(?<=[.!?])\s+(?P<credit>[A-Z]{2,}(?: Photo)?\s?/\s?[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3})$"
)
# A copyright credit closing a caption's last sentence: `... teuer. © Ben Stansall/AFP/Getty Images`.
_COPYRIGHT_CREDIT = re.compile(r"(?<=[.!?])\s*(?P<credit>©\s*\S[^©]{0,80}?)\s*$")
# The label of a credit stated apart, in any words (`Source: Supplied`, `Kilde: NTB`).
_ANY_LABEL = re.compile(r"^[^\W\d_]{2,20}(?:\s[^\W\d_]{2,20})?\s*:\s+")
_LEADING_LABEL = re.compile(rf"^[(\[]?{_CREDIT_LABEL}", re.IGNORECASE)
_CREDIT_CLASS = re.compile(r"\b(credit|byline|copyright|photographer|source|kilde)\b", re.IGNORECASE)
# A photo caption named by its class, where a site does not use <figcaption>.
_CAPTION_CLASS = re.compile(r"\b(caption|bildetekst|billedtekst|bildtext|kuvateksti)\b", re.IGNORECASE)
# A caption by its class (`caption`, `Caption`, `Image_caption`, `img-caption`, `caption-text`).
_CAPTION_TOKEN = re.compile(r"(?:^|[-_])caption(?:$|[-_]text$)", re.IGNORECASE)
# A slideshow's label standing where its caption goes: `Slideshow (14 Images)`, `Bildeserie (8 bilder)`.
_GALLERY_LABEL = re.compile(r"\(\s*\d+\s*[^\W\d]+\s*\)\s*$")


def _split_credit(text: str) -> tuple[str, str | None]:
    """Splits a trailing `Foto: NAME` (or `(Foto: NAME)`) credit off a caption; a caption that is only
    a credit (`FOTO: NTB`) has no text, one a label opens (`IMAGE: A satellite image shows ...`) keeps it."""
    label = _LEADING_LABEL.match(text)
    if label and len(text[label.end() :].split()) <= _CREDIT_MAX_WORDS:
        return "", _unbracketed(text[label.end() :]) or None
    match = _TRAILING_CREDIT.match(text)
    if not match or not match.group("text").strip() or len(match["credit"].split()) > _CREDIT_MAX_WORDS:
        agency = _AGENCY_CREDIT.search(text) or _COPYRIGHT_CREDIT.search(text)
        if agency and agency.start() > 0:
            return text[: agency.start()].strip(), _unbracketed(agency["credit"])
        return text, None
    return match["text"].rstrip().rstrip("([").strip(), _unbracketed(match["credit"])


def _unbracketed(credit: str) -> str:
    """A credit without the bracket that closed it (`(Foto: MTI)`) or a copyright sign (`© Reuters`)."""
    credit = credit.strip()
    if credit.endswith((")", "]")) and not re.search(r"[(\[]", credit):
        credit = credit[:-1].strip()
    return re.sub(r"^(?:©|\(c\))\s*", "", credit, flags=re.IGNORECASE)


# Slideshow and widget furniture inside captions: `3 of 12 |`, `3/12`, `Read more`, `Vis mer`.
_COUNTER = re.compile(r"^\s*\d{1,3}\s*(?:of|av|af|/|von|de|/)\s*\d{1,3}\s*[|:·–-]?\s*", re.IGNORECASE)
_SHOW_MORE = re.compile(rf"\s*\b(?:{alternation(SHOW_MORE_WORDS)})\b\s*[.…]*\s*$", re.IGNORECASE)


def _without_furniture(text: str) -> str:
    """A caption or credit without slideshow counters and show-more links."""
    text = _COUNTER.sub("", text)
    previous = None
    while previous != text:
        previous, text = text, _SHOW_MORE.sub("", text).strip()
    return text


def _is_credit(element: Any) -> bool:
    """Whether an element holds a photo credit by its class (`credit`, `photographer`, `byline`, ...)."""
    return isinstance(element.tag, str) and bool(_CREDIT_CLASS.search(element.get("class", "")))


def _container(caption: Any) -> Any | None:
    """The figure a caption belongs to, else (a class-named caption) the element around it."""
    figures = caption.xpath("ancestor::figure[1]")
    return figures[0] if figures else caption.getparent()


def caption_elements(tree: Any) -> list[Any]:
    """The page's photo captions, outermost only: every `<figcaption>` (in a `<figure>` or not), an
    element whose class token says caption (`caption`, `Image_caption`, `caption-text`), and one a
    class names a caption in our languages (`bildetekst`, `image-caption-wrap`) beside an image.

    Not a caption: a credit-classed element, a class-named part of (or box around) a `<figcaption>`,
    anything in navigation, asides and footers, a class-named one of fewer than three words (an
    `Advertisement:` label) unless a credit label opens it (`Image: Psyonix`, read so that it leaves
    the text), a slideshow's `Slideshow (14 Images)` label.
    """
    found: list[Any] = []
    for element in tree.xpath("//figcaption | //*[@class]"):
        if element.tag != "figcaption":
            tokens = element.get("class", "").split()
            by_token = any(_CAPTION_TOKEN.search(t) for t in tokens)
            if not (by_token or _CAPTION_CLASS.search(element.get("class", ""))) or _is_credit(element):
                continue
            if element.xpath("ancestor::figcaption or descendant::figcaption"):
                continue  # part of a <figcaption>, or around one: the <figcaption> is the caption
            if not by_token:
                container = _container(element)
                if container is None or not container.xpath(".//img | .//picture"):
                    continue
        if any(element in f.iterdescendants() for f in found):
            continue  # a caption's own parts (`<span class="caption-text">` in `<p class="caption">`)
        if element.xpath("ancestor::nav or ancestor::aside or ancestor::footer"):
            continue
        text = _collapse(element.text_content())
        if _GALLERY_LABEL.search(text):
            continue
        if element.tag != "figcaption" and len(text.split()) < 3 and not _LEADING_LABEL.match(text):
            continue  # a short class-named one is a label, unless a credit label opens it (read, then dropped)
        found.append(element)
    return found


def _credit_element(caption: Any, captions: Sequence[Any]) -> Any | None:
    """The element holding the caption's credit: a credit-classed element (or a closing `<cite>`,
    `<small>` or bracketed `<em>(The Associated Press)</em>`) inside the caption, else a credit-classed one beside it in its figure
    (`<figcaption>..</figcaption><div class="photographer">..</div>`) when the figure has no other
    caption (of the page's `captions`); beside a class-named caption outside a figure, a neighbour."""
    for child in caption.iterdescendants():
        last = child.getnext() is None and not (child.tail or "").strip()
        bracketed = child.tag in ("em", "i") and re.fullmatch(r"\s*\(.+\)\s*", child.text_content() or "")
        closing = last and (child.tag in ("cite", "small") or bracketed)
        if _is_credit(child) or closing:
            return child
    container = _container(caption)
    if container is None or any(_container(c) is container for c in captions if c is not caption):
        return None
    if container.tag != "figure":
        # Around a class-named caption outside a figure may be the whole article: its neighbours only.
        neighbours = [caption.getnext(), caption.getprevious()]
        return next((n for n in neighbours if n is not None and _is_credit(n)), None)
    for element in container.iterdescendants():
        inside, around = caption in element.iterancestors(), element in caption.iterancestors()
        if element is not caption and not inside and not around and _is_credit(element):
            return element
    return None


def _stated_credit(caption: Any) -> str | None:
    """The credit the caption's figure states in an attribute (`<figure data-credit="...">`)."""
    for figure in caption.xpath("ancestor::figure[1]"):
        credit = _collapse(figure.get("data-credit") or "")
        if credit:
            return credit
    return None


def captions_of(elements: Sequence[Any]) -> list[Caption]:
    """Returns the captions of caption elements (`caption_elements`), each with its credit.

    The credit stands in a credit-classed element of the caption or of its figure, else at the end of
    the text, labelled in the page's language (`Foto:`, `Kuva:`, `Ljósmynd:`, vocabulary.py). A
    capitalised label opening the caption (`STRESS: ...`) is caption text. A slideshow repeating a
    caption with counters (`3 of 12 |`) and `Read more` links gives it once. Credit elements leave
    the page; the caption elements stay for the caller to remove.
    """
    captions: list[Caption] = []
    for caption_element in elements:
        credit = None
        element = _credit_element(caption_element, elements)
        if element is not None:
            credit = _collapse(element.text_content())
            element.drop_tree()  # lxml keeps the tail text; only the credit leaves the caption
        # Paragraphs of the caption (`<p>Text</p><p>Photo: AP</p>`) are joined with a space.
        text = " ".join(_paragraphs(caption_element))
        stated = _stated_credit(caption_element)
        if credit is None and stated and _collapse(text).endswith(stated):
            # The figure names its credit (`data-credit`), which the caption shows run into its text.
            text, credit = _collapse(text).removesuffix(stated), stated
        caption = read_caption(text, credit)
        # A credit alone (`Image: Psyonix` under a picture) is no caption: it describes nothing.
        if caption is not None and caption.text and caption not in captions:
            captions.append(caption)
    return captions


def read_caption(text: str, credit: str | None = None) -> Caption | None:
    """A caption as a source gives it (its text, and its credit where stated apart) -> the `Caption`,
    or None when both are empty.

    The credit loses its label (`Foto:`, or any short label where it is stated apart: `Source:`),
    brackets and copyright sign; without one, a labelled credit ending the text is split off.
    Slideshow counters and show-more widgets leave both.
    """
    text = _without_furniture(_collapse(text))
    if credit is not None:
        credit = _collapse(credit).lstrip("([")
        credit = _unbracketed(
            _LEADING_LABEL.sub("", credit) if _LEADING_LABEL.match(credit) else _ANY_LABEL.sub("", credit)
        )
    else:
        text, credit = _split_credit(text)
    credit = _without_furniture(credit) or None if credit else None
    return Caption(text=text, credit=credit) if text or credit else None
