"""Photo captions of an HTML page: which elements are captions, and each one's text and credit."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from connectors.html_text import collapse as _collapse
from connectors.html_text import paragraphs as _paragraphs
from schemas.article import Caption
from schemas.vocabulary import (
    BY_WORDS,
    CAPTION_CLASS_WORDS,
    CAPTION_CREDIT_WORDS,
    CREDIT_CLASS_WORDS,
    PICTURE_POSITION_LABELS,
    PICTURE_POSITION_WORDS,
    SHOW_MORE_WORDS,
    alternation,
)

# A credit at the end of a caption, the way Nordic and English sites write it ("... Foto: NTB").
_CREDIT_LABEL = rf"(?:{alternation(CAPTION_CREDIT_WORDS)})\s*:\s*"
# ... or opening a credit stated apart with a `by` (`Photograph by Jeremy Holden`, `Foto av Kari Nordmann`).
_CREDIT_BY = rf"(?:{alternation(CAPTION_CREDIT_WORDS)})\s+(?:{alternation(BY_WORDS)})\s+"
_TRAILING_CREDIT = re.compile(
    rf"^(?P<text>.*)\s*[(\[]?\b{_CREDIT_LABEL}(?P<credit>\S.*?)\s*$", re.DOTALL | re.IGNORECASE
)
_CREDIT_MAX_WORDS = 8  # a longer "credit" is the caption's prose going on (as in the text reader)
# An unlabelled wire-photo credit ending a caption: `... award. REUTERS/Monica Almeida`, `AP Photo/Jane Doe`,
# `... chain. Mike Blake/Reuters files`, `X/Getty Images`: capitalised names with a slash between the
# photographer and the agency, after the caption's last sentence (`files`: an archive picture).
_NAME_WORD = r"[A-Z][\w.'’-]*"
_AGENCY_CREDIT = re.compile(
    rf"(?<=[.!?])\s+(?P<credit>(?:{_NAME_WORD} ){{0,3}}{_NAME_WORD}\s?/\s?{_NAME_WORD}(?: {_NAME_WORD}){{0,3}}"
    r"(?: files| file)?)$"
)
# A Creative Commons licence ending a caption, the photographer's name after it or not:
# `... (Stand Juni 2016) CC-BY-SA 2.0`, `Cider and Ice. CC-BY-NC 2.0 David Merrigan`.
_LICENCE_CREDIT = re.compile(
    rf"\s+(?P<credit>\(?CC[- ](?:BY|0)(?:[- ](?:SA|NC|ND))*(?: \d\.\d)?\)?(?: {_NAME_WORD}){{0,4}})$"
)
# A copyright credit closing a caption's last sentence: `... teuer. © Ben Stansall/AFP/Getty Images`.
_COPYRIGHT_CREDIT = re.compile(r"(?<=[.!?])\s*(?P<credit>©\s*\S[^©]{0,80}?)\s*$")
# The label of a credit stated apart, in any words (`Source: Supplied`, `Kilde: NTB`).
_ANY_LABEL = re.compile(r"^[^\W\d_]{2,20}(?:\s[^\W\d_]{2,20})?\s*:\s+")
# `Header Image: ...`, `Featured image: ...`: which picture, said before its caption; not caption text.
_PICTURE_LABEL = re.compile(
    rf"^(?:(?:{alternation(PICTURE_POSITION_WORDS)})\s+(?:{alternation(CAPTION_CREDIT_WORDS)})"
    rf"|{alternation(PICTURE_POSITION_LABELS)})\s*:\s*(?=\S)",
    re.IGNORECASE,
)
# A copyright line alone (`© Getty Images`): a credit, no caption text.
_COPYRIGHT_ONLY = re.compile(r"^\s*(?:©|\(c\)|copyright\b)\s*", re.IGNORECASE)
_LEADING_LABEL = re.compile(rf"^[(\[]?(?:{_CREDIT_LABEL}|{_CREDIT_BY})", re.IGNORECASE)
# A photo's credit and caption named by a word of its class or id (`c-image__credit`, `ksf-image-photographer`,
# `ngart-img__cont__copy`, `galleryCaption005`); inside a caption, an `author` is the photographer.
_CREDIT_PARTS = frozenset(CREDIT_CLASS_WORDS) | {"byline"}
_CAPTION_PARTS = frozenset(CAPTION_CLASS_WORDS)
_NAME_SPLIT = re.compile(r"[\W_]+|(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])|(?<=[a-z])(?=[A-Z])")
# A caption by its class (`caption`, `Caption`, `Image_caption`, `img-caption`, `caption-text`).
_CAPTION_TOKEN = re.compile(r"(?:^|[-_])caption(?:$|[-_]text$)", re.IGNORECASE)
# A caption that only names who is in the photo: two capitalised words, no label (`Mike Pompeo`).
_NAME_ONLY = re.compile(r"^[A-Z][\w.'’-]+ [A-Z][\w.'’-]+$")
# A slideshow's label standing where its caption goes: `Slideshow (14 Images)`, `Bildeserie (8 bilder)`.
_GALLERY_LABEL = re.compile(r"\(\s*\d+\s*[^\W\d]+\s*\)\s*$")


def _split_credit(text: str) -> tuple[str, str | None]:
    """Splits a trailing `Foto: NAME` (or `(Foto: NAME)`) credit off a caption; a caption that is only
    a credit (`FOTO: NTB`) has no text, one a label opens (`IMAGE: A satellite image shows ...`) keeps it."""
    label = _LEADING_LABEL.match(text) or _COPYRIGHT_ONLY.match(text)
    if label and len(text[label.end() :].split()) <= _CREDIT_MAX_WORDS:
        return "", _unbracketed(text[label.end() :]) or None
    match = _TRAILING_CREDIT.match(text)
    if not match or not match.group("text").strip() or len(match["credit"].split()) > _CREDIT_MAX_WORDS:
        agency = _AGENCY_CREDIT.search(text) or _COPYRIGHT_CREDIT.search(text) or _LICENCE_CREDIT.search(text)
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


def name_parts(element: Any) -> frozenset[str]:
    """The words of an element's class, id and microdata property (`itemprop="caption"`,
    `copyrightHolder`), split at `-`, `_`, digits and camelCase, lower-cased."""
    value = f"{element.get('class') or ''} {element.get('id') or ''} {element.get('itemprop') or ''}"
    return frozenset(part.casefold() for part in _NAME_SPLIT.split(value) if part)


def _caption_named(element: Any) -> bool:
    """Whether an element's class token or class and id words name a caption (`image__caption`, `bildetekst`)."""
    tokens = (element.get("class") or "").split()
    return any(_CAPTION_TOKEN.search(t) for t in tokens) or bool(name_parts(element) & _CAPTION_PARTS)


def _credit_beside(element: Any) -> bool:
    """Whether a sibling of the element is a credit by its class and no caption (CNN's `div.image__caption
    attribution` beside `figcaption.image__credit`): the element is then the caption, the sibling its credit."""
    siblings = [*element.itersiblings(), *element.itersiblings(preceding=True)]
    return any(_is_credit(s) and not _caption_named(s) for s in siblings)


def _credit_of_caption_beside(element: Any) -> bool:
    """Whether an element is a credit by its class and no caption, with a caption-named sibling."""
    if not _is_credit(element) or _caption_named(element):
        return False
    return any(_caption_named(s) for s in [*element.itersiblings(), *element.itersiblings(preceding=True)])


def _names_its_photo(element: Any, text: str) -> bool:
    """Whether a short caption only names who is in the photo of its block (`Mike Pompeo`)."""
    container = _container(element)
    return bool(_NAME_ONLY.match(text) and container is not None and container.xpath(_IMAGES))


def _is_credit(element: Any, *, in_caption: bool = False) -> bool:
    """Whether an element holds a photo credit by its class or id (`credit`, `photographer`, `byline`,
    `fotograf`, ...); inside a caption an `author` too (`ngart-img__cont__author`)."""
    if not isinstance(element.tag, str):
        return False
    parts = name_parts(element)
    return bool(parts & _CREDIT_PARTS) or (in_caption and "author" in parts)


_IMAGES = ".//img | .//picture"
_BLOCK_LEVELS = 3  # how far above a class-named caption its image may stand (`a > picture > img`)


def _container(caption: Any) -> Any | None:
    """The figure a caption belongs to, else (a class-named caption) the nearest element around it
    that holds an image, within `_BLOCK_LEVELS` (else its parent)."""
    figures = caption.xpath("ancestor::figure[1]")
    if figures:
        return figures[0]
    for level, ancestor in enumerate(caption.iterancestors()):
        if level >= _BLOCK_LEVELS:
            break
        if ancestor.xpath(_IMAGES):
            return ancestor
    return caption.getparent()


_BLOCK_MAX_WORDS = 100  # a caption longer than this is the article's own text
# Blocks with a picture and a line of text that are no photo and caption: an author's avatar and name,
# a logo, share buttons, a teaser, an advert, a video player.
_NOT_CAPTION_PARTS = frozenset(
    {
        *("author", "authors", "byline", "avatar", "profile", "bio", "logo", "icon", "share", "social"),
        *("teaser", "teasers", "related", "promo", "ad", "ads", "advert", "advertisement", "sponsor"),
        *("newsletter", "video", "player"),
    }
)
# Around a picture set without <figure>, what says the block is page furniture, not the article's photo:
# widgets, sidebars, menus, teaser lists, forms, comments (a word of any ancestor's class or id).
_FURNITURE_PARTS = _NOT_CAPTION_PARTS | {
    *("widget", "widgets", "sidebar", "menu", "nav", "navigation", "footer", "comment", "comments"),
    *("recirc", "recommended", "recommendations", "subscribe", "signup", "cookie", "rating", "sponsored"),
    *("search", "breadcrumb", "breadcrumbs", "toolbar", "pagination", "thumbnails", "thumbs"),
}
# Inside these a picture is part of running text, a list, a table, a form or a link, not a photo block.
_INLINE_ANCESTORS = (
    "ancestor::p or ancestor::li or ancestor::dd or ancestor::td or ancestor::th"
    " or ancestor::h1 or ancestor::h2 or ancestor::h3 or ancestor::h4 or ancestor::form or ancestor::button"
    " or ancestor::nav or ancestor::aside or ancestor::footer or ancestor::figure or ancestor::label"
)
# An icon, logo or tracking pixel by its file name, class or alt text.
_NOT_PHOTO = re.compile(r"logo|icon|avatar|emoji|sprite|spinner|pixel|badge|\.svg\b", re.IGNORECASE)
# A link around a picture that opens the picture (or a viewer), not another page.
_PICTURE_LINK = re.compile(r"^(?:#.*|javascript:.*|.*\.(?:jpe?g|png|gif|webp)(?:\?.*)?)?$", re.IGNORECASE)
_SMALL_IMAGE = 100  # pixels: an icon or avatar, not a photo
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "br"})
_DROPPED = frozenset({"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "head"})
_BY_LINE = re.compile(rf"^(?:{alternation(BY_WORDS)})\s", re.IGNORECASE)


def _image_block_texts(tree: Any) -> list[Any]:
    """The text elements of pictures set in a block of their own, without `<figure>` or a caption class:
    the nearest element around an `<img>` that holds text holds that picture (wrapped or not, in a link
    that opens the picture at most) and exactly one short text element, and nothing else (DW's
    `picBox`, CNN's gallery slides, KSF's image container). Not: a picture in a paragraph's text, a
    teaser (the link goes to another page), an author's avatar, a logo, an icon."""
    found: list[Any] = []
    for image in tree.iter("img"):
        if _not_a_photo(image):
            continue
        block = _image_block(image)
        text = _block_text(block, image) if block is not None else None
        if text is not None and text not in found:
            found.append(text)
    return found


def _not_a_photo(image: Any) -> bool:
    """Whether an image is no article photo: inline in text, a list, a link, a form or page chrome; an
    icon or logo; or inside a block whose class or id says widget, sidebar, teaser, menu, comment ..."""
    if image.xpath(_INLINE_ANCESTORS) or image.xpath("ancestor::header[not(ancestor::article)]"):
        return True
    described = " ".join(image.get(a) or "" for a in ("src", "data-src", "class", "alt", "id"))
    if _NOT_PHOTO.search(described) or _small(image):
        return True
    return any(name_parts(node) & _FURNITURE_PARTS for node in image.iterancestors())


def _image_block(image: Any) -> Any | None:
    """The nearest element around an image that holds any text, within `_BLOCK_LEVELS` + 1 levels."""
    node = image
    for _ in range(_BLOCK_LEVELS + 1):
        node = node.getparent()
        if node is None or node.tag in ("li", "td", "article", "main", "body"):
            return None  # a list or table cell, the page
        if _has_text(node):
            # A link holding picture and text is a teaser card; a paragraph, a picture in the text.
            return None if node.tag in ("a", "p") else node
    return None


def _has_text(element: Any) -> bool:
    """Whether any readable text stands in an element (scripts and styles are none); stops at the first."""
    if not isinstance(element.tag, str) or element.tag in _DROPPED:
        return False
    if (element.text or "").strip():
        return True
    return any(_has_text(child) or (child.tail or "").strip() for child in element)


def _block_text(block: Any, image: Any) -> Any | None:
    """The one text element of an image block (`_image_block_texts`), or None when it is no such block."""
    if (block.text or "").strip() or name_parts(block) & _NOT_CAPTION_PARTS:
        return None
    picture: Any = None
    texts: list[Any] = []
    for child in block:
        if not isinstance(child.tag, str) or child.tag in _SKIPPED_TAGS:
            if (child.tail or "").strip():
                return None
            continue
        if (child.tail or "").strip():
            return None  # loose text beside the picture: a picture in running text
        if child is image or image in child.iterancestors() or child in image.iterancestors():
            picture = child
        elif _has_text(child):
            texts.append(child)
        elif child.xpath(_IMAGES):
            return None  # a second picture: a gallery grid or a teaser list
    if picture is None or len(texts) != 1 or _has_text(picture):
        return None
    sources = {img.get("src") or img.get("data-src") or "" for img in block.iter("img")}
    if len(sources) != 1 or _small(image):
        return None
    (text,) = texts
    for link in block.iter("a"):
        if text not in link.iterancestors() and not _PICTURE_LINK.match((link.get("href") or "").strip()):
            return None  # the picture (or an overlay beside it) links to another page: a teaser
    if block.xpath(".//input | .//button | .//select | .//textarea"):
        return None  # a form
    words = _collapse(" ".join(_paragraphs(text))).split()
    if not words or words[0] in ("-", "•"):
        return None  # a list
    if text.tag in ("h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "a") or text.xpath(
        ".//h1 | .//h2 | .//h3 | .//h4 | .//h5 | .//h6"
    ):
        return None
    linked = len(
        " ".join(
            a.text_content() for a in text.iter("a") if not _PICTURE_LINK.match(a.get("href") or "")
        ).split()
    )
    if not 3 <= len(words) <= _BLOCK_MAX_WORDS or linked * 2 >= len(words) or _BY_LINE.match(words[0] + " "):
        return None  # a label, the article's text, a teaser's headline link, a byline beside an avatar
    if name_parts(text) & _NOT_CAPTION_PARTS:
        return None
    return text


def _beside_one_picture(element: Any) -> bool:
    """Whether a class-named caption (`ngart-img__cont__copy`, `bildetekst`) stands in a photo's block:
    its figure, or the nearest element around it with a picture, holding one picture, and nothing on
    the way says teaser, avatar, advert (`PulldownVersandTeaser`'s `Copy`); an `article__copy` that
    holds the text is too long for a caption. Outside a figure the picture must be an article photo
    (`_not_a_photo`), the block no teaser or form, and the text no list or heading: a site's
    `description` under its logo, a product's or an event list's is no caption."""
    container = _container(element)
    if container is None or not container.xpath(_IMAGES):
        return False
    if len(_collapse(element.text_content()).split()) > _BLOCK_MAX_WORDS:
        return False
    path = [element, *element.iterancestors()]
    if any(name_parts(node) & _NOT_CAPTION_PARTS for node in path[: path.index(container) + 1]):
        return False
    if container.tag == "figure":
        return True
    images = list(container.iter("img"))
    if len({img.get("src") or img.get("data-src") or "" for img in images}) > 1:
        return False
    if images and _not_a_photo(images[0]):
        return False
    if element.tag in _NO_CAPTION_TAGS or element.xpath(
        ".//li | .//h1 | .//h2 | .//h3 | .//h4 | .//h5 | .//h6"
    ):
        return False
    if element.xpath(_INLINE_ANCESTORS) or container.xpath(".//input | .//button | .//select | .//textarea"):
        return False
    return all(
        element in link.iterancestors() or _PICTURE_LINK.match((link.get("href") or "").strip())
        for link in container.iter("a")
    )


_NO_CAPTION_TAGS = frozenset({"ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "a", "table", "form", "nav"})


def _small(image: Any) -> bool:
    """Whether the image's stated size is an icon's or an avatar's."""
    for attribute in ("width", "height"):
        value = (image.get(attribute) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) < _SMALL_IMAGE:
            return True
    return False


def caption_elements(tree: Any) -> list[Any]:
    """The page's photo captions, outermost only, in page order: every `<figcaption>` (in a `<figure>`
    or not), an element whose class token says caption (`caption`, `Image_caption`, `caption-text`),
    one whose class or id words name a caption in our languages (`bildetekst`, `galleryCaption005`,
    `ngart-img__cont__copy`) beside one picture, and the text of a picture set in a block of its own
    (`_image_block_texts`).

    Not a caption: a credit-classed element, a class-named part of (or box around) a `<figcaption>`,
    anything in navigation, asides and footers or in a link to another page (a teaser), a class-named
    one of fewer than three words (an `Advertisement:` label) unless a credit label opens it (`Image:
    Psyonix`, read so that it leaves the text), a slideshow's `Slideshow (14 Images)` label.
    """
    found: list[Any] = []
    blocks = _image_block_texts(tree)
    candidates = [*tree.xpath("//figcaption | //*[@class or @id or @itemprop]"), *blocks]
    order = {element: n for n, element in enumerate(tree.iter())}
    for element in sorted(set(candidates), key=order.__getitem__):
        if element.tag == "figcaption" and _credit_of_caption_beside(element):
            continue  # `figcaption.image__credit` beside the caption: the caption's credit
        if element.tag != "figcaption" and _is_credit(element) and not _credit_beside(element):
            continue  # a credit by its class (`image__caption attribution` with no credit apart), even alone
            # beside a picture: it holds the credit, no caption text
        if element.tag != "figcaption" and element not in blocks:
            tokens = element.get("class", "").split()
            by_token = any(_CAPTION_TOKEN.search(t) for t in tokens)
            if not (by_token or name_parts(element) & _CAPTION_PARTS):
                continue
            if element.xpath("ancestor::figcaption or descendant::figcaption"):
                continue  # part of a <figcaption>, or around one: the <figcaption> is the caption
            if not by_token and not _beside_one_picture(element):
                continue
        if any(element in f.iterdescendants() for f in found):
            continue  # a caption's own parts (`<span class="caption-text">` in `<p class="caption">`)
        if element.xpath("ancestor::nav or ancestor::aside or ancestor::footer"):
            continue
        if any(not _PICTURE_LINK.match((a.get("href") or "").strip()) for a in element.iterancestors("a")):
            continue  # a teaser's picture and summary, linking to another page: another item's caption
        text = _collapse(element.text_content())
        if _GALLERY_LABEL.search(text):
            continue
        short = element.tag != "figcaption" and len(text.split()) < 3
        if short and not _LEADING_LABEL.match(text) and not _names_its_photo(element, text):
            continue  # a short class-named one is a label, unless a credit label opens it (read, then
            # dropped) or it names the person in its photo (`Mike Pompeo`)
        found.append(element)
    return found


def _credit_element(caption: Any, captions: Sequence[Any]) -> Any | None:
    """The element holding the caption's credit: a credit-classed element (or a closing `<cite>`,
    `<small>` or bracketed `<em>(The Associated Press)</em>`) inside the caption, else a credit-classed one beside it in its figure
    (`<figcaption>..</figcaption><div class="photographer">..</div>`) when the figure has no other
    caption (of the page's `captions`); beside a class-named caption outside a figure, a neighbour."""
    for child in caption.iterdescendants():
        if _caption_named(child) and _credit_beside(child):
            continue  # the caption's text (`image__caption attribution`), its credit beside it
        last = child.getnext() is None and not (child.tail or "").strip()
        bracketed = child.tag in ("em", "i") and re.fullmatch(r"\s*\(.+\)\s*", child.text_content() or "")
        closing = last and (child.tag in ("cite", "small") or bracketed)
        if _is_credit(child, in_caption=True) or closing or _credit_line(child, caption):
            return child
    container = _container(caption)
    if container is None or any(_container(c) is container for c in captions if c is not caption):
        return None
    if container.tag != "figure":
        # Around a class-named caption outside a figure may be the whole article: its neighbours only.
        # Beside it in a photo's block, an `author` is the photographer (`ngart-img__cont__author`).
        neighbours = [caption.getnext(), caption.getprevious()]
        in_block = bool(container.xpath(_IMAGES))
        return next((n for n in neighbours if n is not None and _is_credit(n, in_caption=in_block)), None)
    for element in container.iterdescendants():
        inside, around = caption in element.iterancestors(), element in caption.iterancestors()
        if element is not caption and not inside and not around and _is_credit(element):
            return element
    return None


def _credit_line(child: Any, caption: Any) -> bool:
    """Whether a caption's part is a credit line of its own, before or after the text (`<span>© Noelia
    Páez/Instagram</span><br><span>Instagram posts by ...</span>`, `<span>Foto: NTB</span>`): a copyright
    sign or credit label opens it, a credit's few words follow, and the caption has text besides."""
    if not isinstance(child.tag, str) or child.tag in _SKIPPED_TAGS:
        return False
    text = _collapse(child.text_content())
    label = _COPYRIGHT_ONLY.match(text) or _LEADING_LABEL.match(text)
    if not label or not 1 <= len(text[label.end() :].split()) <= _CREDIT_MAX_WORDS:
        return False
    return len(_collapse(caption.text_content())) > len(text)


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
    text = _PICTURE_LABEL.sub("", _without_furniture(_collapse(text)))
    if credit is not None:
        credit = _collapse(credit).lstrip("([")
        credit = _unbracketed(
            _LEADING_LABEL.sub("", credit) if _LEADING_LABEL.match(credit) else _ANY_LABEL.sub("", credit)
        )
    else:
        text, credit = _split_credit(text)
    credit = _without_furniture(credit) or None if credit else None
    return Caption(text=text, credit=credit) if text or credit else None
