"""Photo captions of HTML pages (connectors/html_captions.py): pictures set without <figure>, class and id
words, credits glued to the text, and what is no caption (teasers, avatars, pictures in running text)."""

from __future__ import annotations

import lxml.html
import pytest

from connectors.article_files import read_article_file
from connectors.html_captions import name_parts, read_caption

PAGE = """<html lang="en"><head><title>Goats leave the island</title></head><body><article>
<h1>Goats leave the island</h1>
<div class="body"><p>The island was bare for a hundred years, eaten down to dust by goats and rats left behind.</p>
{block}
<p>Volunteers went in with a plan, but after two months they had only caught a single animal.</p></div>
</article></body></html>"""


def _read(block: str):
    (doc,) = read_article_file("page.html", PAGE.format(block=block).encode())
    return doc


@pytest.mark.parametrize(
    ("block", "caption"),
    [
        # DW's `picBox`: a picture in a link that opens the viewer, and one paragraph under it.
        (
            '<div class="picBox medium"><a class="overlayLink" href="#"><img src="/image/1_404.jpg" '
            'alt="Vineyards in the Ahr Valley"></a> <p>The steep landscape makes harvesting the grapes a challenge</p>'
            "</div>",
            ("The steep landscape makes harvesting the grapes a challenge", None),
        ),
        # CNN's gallery slide: the picture and a (hidden) <cite> holding its caption, a script beside.
        (
            '<div class="cnnArticleGalleryPhotoContainer"><img src="a.jpg" alt="Cars slide on Paseo del Norte '
            'in Albuquerque on November 24." width="640"><cite style="display:none" id="galleryCaption014">Cars '
            "slide on Paseo del Norte in Albuquerque on November 24.</cite><script>gallery.push(14)</script></div>",
            ("Cars slide on Paseo del Norte in Albuquerque on November 24.", None),
        ),
        # National Geographic: the caption's class ends in `copy`, the photographer's in `author`,
        # labelled `Photograph by`.
        (
            '<div class="ngart-img ngart-img--medium"><a class="ngart-img__cntr"><picture><noscript><img '
            'src="goats.jpg"></noscript></picture></a><div class="ngart-img__cont"><div class="ngart-img__cont__copy">'
            'Goats on Redonda before they were airlifted to Antigua.</div><div class="ngart-img__cont__author">'
            "Photograph by <span>Jeremy Holden, Fauna &amp; Flora International</span></div></div></div>",
            (
                "Goats on Redonda before they were airlifted to Antigua.",
                "Jeremy Holden, Fauna & Flora International",
            ),
        ),
        # schema.org microdata: an ImageObject's caption and copyright holder
        (
            '<div itemscope itemtype="http://schema.org/ImageObject"><img itemprop="contentUrl" src="a.jpg">'
            '<span itemprop="caption">Goats on Redonda before they were airlifted to Antigua.</span> '
            '<span itemprop="copyrightHolder">Jeremy Holden</span></div>',
            ("Goats on Redonda before they were airlifted to Antigua.", "Jeremy Holden"),
        ),
        # Hufvudstadsbladet: the caption paragraph with the photographer's span, labelled `Bild:`.
        (
            '<div class="ksf-article-image"><div class="ksf-article-image-container"><img class="lazy-load" '
            'data-src="a.jpg"></div><div class="ksf-image-meta"><p>Manchester City-spelarna kan snart vara '
            'tillbaka på fotbollsplanen. Arkivbild. <span class="ksf-image-photographer">Bild: Dave Thompson / AP '
            "Photo </span></p></div></div>",
            (
                "Manchester City-spelarna kan snart vara tillbaka på fotbollsplanen. Arkivbild.",
                "Dave Thompson / AP Photo",
            ),
        ),
        # CNN: the caption's class says caption and attribution, the credit stands apart in a figcaption
        # whose class says credit (held-out en_cnn_alito-prelogar).
        (
            '<div class="image"><div class="image__container"><picture><img src="a.jpg"></picture></div>'
            '<div class="image__metadata"><div itemprop="caption" class="image__caption attribution"><span>'
            'Samuel Alito and Elizabeth Prelogar</span></div><figcaption class="image__credit">Getty Images/Sipa '
            "USA</figcaption></div></div>",
            ("Samuel Alito and Elizabeth Prelogar", "Getty Images/Sipa USA"),
        ),
        # SOTT: the credit printed first in a span of its own, a <br>, then the caption
        # (held-out en_sott_american-friends); a Nordic page's `Foto:` the same way.
        (
            '<div class="article-image-large"><a href="/image/full/Hannity.jpg"><img src="Hannity.jpg"></a>'
            '<div class="image-caption"><span class="tiny">&copy; Fox News</span><br><span class="caption">Sean '
            "Hannity interviews Dana Rohrabacher</span></div></div>",
            ("Sean Hannity interviews Dana Rohrabacher", "Fox News"),
        ),
        (
            '<div class="bilde"><img src="geit.jpg"><div class="bildetekst"><span>Foto: Kari Nordmann / NTB'
            "</span><br><span>Geitene på Redonda før de ble fløyet til Antigua.</span></div></div>",
            ("Geitene på Redonda før de ble fløyet til Antigua.", "Kari Nordmann / NTB"),
        ),
        # a caption that only names the person in the photo (held-out en_sott_american-friends)
        (
            '<div class="article-image-large"><a href="/image/full/Pompeo.png"><img src="Pompeo.png"></a>'
            '<div class="image-caption"><br><span class="caption">Mike Pompeo</span></div></div>',
            ("Mike Pompeo", None),
        ),
    ],
)
def test_a_picture_in_a_block_of_its_own_has_its_caption(block, caption):
    doc = _read(block)
    assert [(c.text, c.credit) for c in doc.captions] == [caption]
    assert caption[0] not in doc.text
    assert "Photograph by" not in doc.text and "Bild:" not in doc.text
    assert "hundred years" in doc.text and "single animal" in doc.text


@pytest.mark.parametrize(
    "block",
    [
        # a teaser: the picture links to another article
        '<div class="card"><a href="/2020/01/rats.html"><img src="rats.jpg"></a><p>Rats are back on three of '
        "the islands nearby, the rangers say.</p></div>",
        # a teaser figure inside a link to another article
        '<a href="/news/terahertz.html"><figure><img src="t.jpg"><figcaption>Record-breaking terahertz laser '
        "beam 2 hours ago</figcaption></figure></a>",
        # an author's avatar and name
        '<div class="meta"><img src="kari.jpg" width="48" height="48"><span>Kari Nordmann, Ola Hansen og Per '
        "Olsen</span></div>",
        '<div class="c-author"><img src="kari.jpg"><span>Kari Nordmann is our science reporter</span></div>',
        # a byline beside a picture
        '<div class="meta"><img src="kari.jpg"><span>By Kari Nordmann</span></div>',
        # a picture in running text
        '<p>Rangers counted <img src="goat-icon.png"> 60 goats in 2016 and none at all in 2019.</p>',
        # two pictures and a line: a grid, not one photo's caption
        '<div class="row"><img src="a.jpg"><img src="b.jpg"><p>Redonda in 2016 and in 2019, seen from the '
        "sea.</p></div>",
        # a headline link beside a picture
        '<div class="more"><img src="a.jpg"><h3>More from the islands this week</h3></div>',
        # a formula's fallback image beside its MathML, inside a paragraph (Wikipedia)
        '<p>The similarity is <span class="mwe-math-element"><span class="mwe-math-mathml-inline">p j ∣ i '
        'over all pairs</span><img class="mwe-math-fallback-image-inline" src="/math/render/svg/1"></span> here.</p>',
        # a teaser card: the picture beside a headline linking to another article, and its author
        '<div class="af-block"><div class="af-img-container"><img src="a.jpg"></div><div class="af-card">'
        '<div class="af-title"><a href="/abnehmen/diaet.html">Dauerhaft abnehmen: Die 5 besten Diäten</a></div>'
        '<span class="af-author">vom Redaktionsteam</span></div></div>',
        # an overlay link beside the picture goes to another article
        '<div class="overlay-panel"><a class="overlay-link" href="/facebook/">&nbsp;</a><div><img src="f.jpg" '
        'width="300"></div><div class="article-title">Facebooks Gedankensteuerung soll relativ bald erscheinen'
        "</div></div>",
        # a site's description under its header picture, a widget's list
        '<div class="widget Header" id="Header1"><div id="header-inner"><div><img src="header.jpg"></div>'
        '<div class="descriptionwrapper"><p class="description"><span>Python core development news and '
        "information.</span></p></div></div></div>",
        '<div class="widget_events"><img src="event.jpg"><ul class="description"><li>11.12.2019, 14.00 – '
        "Chemnitz</li><li>Ökumenischer Seniorennachmittag im Advent</li></ul></div>",
        # a credit alone
        '<div class="af-block-img"><img src="a.jpg"><span class="displayCopyright">© Getty Images</span></div>',
        # a credit alone in a caption-classed box, and one printed in its own span with no caption beside
        '<div class="photo"><img src="a.jpg"><div class="image-caption"><span class="tiny">&copy; Fox News'
        "</span></div></div>",
        '<div class="photo"><img src="a.jpg"><div class="image__caption attribution">Getty Images/Sipa USA'
        "</div></div>",
        # a screen capture's credit alone (held-out en_oneesports_t1-worlds)
        '<figure><img src="draft.jpg"><figcaption class="wp-element-caption">Screenshot by Amanda Tan/ONE '
        "Esports</figcaption></figure>",
        # a two-word label beside a picture is no name
        '<div class="photo"><img src="a.jpg"><div class="caption">Click here</div></div>',
        # a `copy` class that is a teaser's summary, not a photo's caption
        '<div class="SendTeaser"><img src="a.jpg"><p class="Content Copy">The fee is shared among the artists '
        "a subscriber listens to.</p></div>",
    ],
)
def test_what_is_no_photo_caption(block):
    assert _read(block).captions == ()


@pytest.mark.parametrize(
    ("text", "caption"),
    [
        # an unlabelled photographer/agency credit after the last sentence, an archive picture's `files`
        (
            "Microsoft plans to cut its carbon emissions by more than half by 2030. Mike Blake/Reuters files",
            (
                "Microsoft plans to cut its carbon emissions by more than half by 2030.",
                "Mike Blake/Reuters files",
            ),
        ),
        (
            "Striking members of the union at University College last year. Guy Smallman/Getty Images",
            ("Striking members of the union at University College last year.", "Guy Smallman/Getty Images"),
        ),
        # a Creative Commons licence, with the photographer's name after it or not
        (
            "Firmen- und Beziehungsgeflecht der Cider Connection. (Stand Juni 2016) CC-BY-SA 2.0",
            ("Firmen- und Beziehungsgeflecht der Cider Connection. (Stand Juni 2016)", "CC-BY-SA 2.0"),
        ),
        ("Cider and Ice. CC-BY-NC 2.0 David Merrigan", ("Cider and Ice.", "CC-BY-NC 2.0 David Merrigan")),
        # a credit alone, labelled with `by`, is no caption text
        ("Photograph by Jeremy Holden", ("", "Jeremy Holden")),
        ("Foto av Kari Nordmann / NTB", ("", "Kari Nordmann / NTB")),
        ("© Getty Images", ("", "Getty Images")),
        # prose with a slash is no credit: it is not capitalised names after the last sentence
        (
            "The river rose by a metre overnight. Residents were told to leave by 6 a.m./p.m. shifts.",
            (
                "The river rose by a metre overnight. Residents were told to leave by 6 a.m./p.m. shifts.",
                None,
            ),
        ),
        (
            "Elvis Presley and Priscilla Presley at Graceland",
            ("Elvis Presley and Priscilla Presley at Graceland", None),
        ),
    ],
)
def test_credits_glued_to_the_caption(text, caption):
    found = read_caption(text)
    assert found is not None and (found.text, found.credit) == caption


@pytest.mark.parametrize(
    ("attributes", "parts"),
    [
        ('class="ngart-img__cont__copy"', {"ngart", "img", "cont", "copy"}),
        ('id="galleryCaption005"', {"gallery", "caption", "005"}),
        ('class="ksf-image-photographer js-x"', {"ksf", "image", "photographer", "js", "x"}),
        ('class="bildetekst"', {"bildetekst"}),
    ],
)
def test_name_parts(attributes, parts):
    element = lxml.html.fragment_fromstring(f"<div {attributes}>x</div>")
    assert name_parts(element) == parts
