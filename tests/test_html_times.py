"""How an HTML page's publication and update times are read (connectors/html.py): which stamp
element is the update, machine dates in other shapes, the data layer, and pages whose metadata
publication is really their last edit. Small realistic snippets, then the real pages behind them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from connectors.html import extract_page
from pipelines.language import make_detector

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import reading_quality as rq  # bench/ is not a package: imported after the path above

PAGES = rq.PAGES
_TEXT = "<p>" + "Politiet rykket ut til stedet etter at flere personer meldte fra om brannen. " * 6 + "</p>"


def page(head: str = "", header: str = "", *, wrapper: str = "article") -> str:
    """A small article page: `head` in <head>, `header` above the text, inside `wrapper`."""
    return (
        f"<html><head>{head}</head><body><{wrapper}><h1>Brann i Bergen</h1>{header}{_TEXT}"
        f"</{wrapper}></body></html>"
    )


@pytest.mark.parametrize(
    "label",
    [
        "Oppdatert",
        "Sist oppdatert:",
        "Opdateret",
        "Uppdaterad",
        "Päivitetty",
        "Uppfært",
        "Aktualisiert am",
        "Updated",
    ],
)
def test_a_time_labelled_as_the_update_is_the_update_not_the_publication(label: str) -> None:
    header = (
        '<p class="meta">Publisert <time datetime="2020-02-19T14:00:00+01:00">19.2.2020 kl. 14.00</time>'
        f' <span>{label}</span> <time datetime="2020-02-19T16:30:00+01:00">19.2.2020 kl. 16.30</time></p>'
    )
    got = extract_page(page(header=header))
    assert (got["published_text"], got["updated_text"]) == (
        "2020-02-19T14:00:00+01:00",
        "2020-02-19T16:30:00+01:00",
    )


def test_an_update_time_alone_is_no_publication() -> None:
    # The header shows only the update; JSON-LD gives the publication in Java's Date.toString() form.
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "Tue Jan 28 15:28:56 CET'
        ' 2020", "dateModified": "Tue Jan 28 15:49:07 CET 2020"}</script>'
    )
    header = (
        '<span class="atc-MetaTimeText">Aktualisiert am </span><time class="atc-MetaTime"'
        ' datetime="2020-01-28T15:49:07+0100">28.01.2020-15:49</time>'
    )
    got = extract_page(page(ld, header))
    assert got["published_text"] == "Tue Jan 28 15:28:56 CET 2020"
    assert got["updated_text"] == "Tue Jan 28 15:49:07 CET 2020"


def test_a_stamp_element_classed_as_the_update_is_the_update() -> None:
    header = (
        '<p class="byline">Av Kari Nordmann, 27. desember 2014 kl. 12.06, oppdatert'
        ' <span class="updated" title="2014-12-27T12:10:17Z">27. desember 2014 kl. 13.10</span></p>'
    )
    got = extract_page(page(header=header))
    assert got["updated_text"] == "2014-12-27T12:10:17Z"
    assert got["published_text"] is None


def test_the_data_layer_gives_the_times_nothing_else_gives() -> None:
    head = (
        '<script>dataLayer = [{"ressort": "wirtschaft", "erstellungsdatum": "2019-05-15 05:28:29",'
        ' "modifiedDate": "2019-05-17 13:38:23", "id": "1.4445845"}]</script>'
        "<script>dataLayer.push({event: 'pageview'});</script>"  # code, not JSON: skipped
    )
    header = '<time datetime="2019-05-15 05:28:29" class="timeformat">15. Mai 2019, 05:28 Uhr</time>'
    got = extract_page(page(head, header))
    assert (got["published_text"], got["updated_text"]) == ("2019-05-15 05:28:29", "2019-05-17 13:38:23")


def test_the_printed_stamp_counts_when_the_metadata_publication_is_its_last_edit() -> None:
    head = (
        '<meta property="article:published_time" content="2020-01-20T09:49:32+0000">'
        '<meta property="article:modified_time" content="2020-01-20T09:49:32+0000">'
    )
    header = '<div class="ArticleHeader_date">19. januar 2020 / 12:25 / Oppdatert for 8 timer siden</div>'
    got = extract_page(page(head, header))
    assert got["stamps"] == ["19. januar 2020 / 12:25 / Oppdatert for 8 timer siden"]


def test_the_printed_stamp_is_not_asked_when_the_metadata_publication_stands_apart() -> None:
    head = (
        '<meta property="article:published_time" content="2020-01-19T12:25:00+0000">'
        '<meta property="article:modified_time" content="2020-01-20T09:49:32+0000">'
    )
    header = '<div class="ArticleHeader_date">19. januar 2020 / 12:25</div>'
    assert extract_page(page(head, header))["stamps"] == []


def test_an_aside_that_holds_the_article_is_no_sidebar_for_its_stamp() -> None:
    header = '<header><div class="nfy-ar-date">12.10.2015, 19:16 Uhr</div></header>'
    got = extract_page(page(header=header, wrapper="aside"))
    assert got["stamps"] == ["12.10.2015, 19:16 Uhr"]


# The real pages behind each class, read through the production path as the reading bench does.
TIME_PAGES = [
    "de_faz_streaming-modell",  # Java Date.toString() in JSON-LD; only the update printed
    "de_sueddeutsche_flixbus-deutschlandtakt",  # the update only in the data layer
    "en_cleveland_1",  # the update printed beside its UTC moment; the publication unzoned
    "en_reuters_parasite",  # metadata publication = modification; the printed stamp is earlier
    "en_theverge_ios13-facetime-eye-contact",  # the update only in an editor's note
    "de_rnz_witzel-buchpreis",  # the article inside an <aside>
    "de_meedia_freenet-interview",  # printed `15:30 Uhr` beside 15:30:55+00:00: no update
]


@pytest.mark.parametrize("stem", TIME_PAGES)
def test_real_pages_give_the_times_an_editor_reads(stem: str) -> None:
    sidecar = PAGES / f"{stem}.expected.json"
    expected = json.loads(sidecar.read_text(encoding="utf-8"))
    reading = rq.read_wirestream(rq.page_of(sidecar), make_detector("auto"))
    assert rq.same_minute(expected["published_at"], reading.published)
    assert rq.same_minute(expected["updated_at"], reading.updated)


@pytest.mark.parametrize(
    "comments",
    [
        # sott.net: the comments' `span.comment-timestamp` carries each reader's moment in its title
        '<div id="article_comments"><h2>Reader Comments</h2><div class="comment"><span class="comment-timestamp" '
        'title="2020-05-19T17:52:00Z">2020-05-19T17:52:00Z</span><p>Great piece.</p></div></div>',
        # a Nordic comment list, the stamp in a <time> of its own
        '<section class="kommentarer"><h2>Kommentarer</h2><div class="innlegg"><time datetime="2020-05-19T17:52:00Z">'
        "19. mai 2020 kl. 19.52</time><p>Godt skrevet.</p></div></section>",
    ],
)
def test_a_reader_comment_stamp_is_no_publication(comments: str) -> None:
    html = page(head='<meta property="article:published_time" content="2020-05-14">').replace(
        "</article>", f"</article>{comments}"
    )
    got = extract_page(html)
    assert got["published_text"] == "2020-05-14"


def test_a_stated_offset_wins_over_the_same_local_time_without_one() -> None:
    # autoindustriya.com (WordPress): meta without a zone, JSON-LD with one, written after a space
    head = (
        '<meta property="article:published_time" content="November 20, 2019 13:42">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2019-11-20 13:42:06+08:00"}'
        "</script>"
    )
    got = extract_page(page(head=head))
    assert got["published_text"] == "2019-11-20 13:42:06+08:00"


# Pages first held out (now in bench/reading/pages) whose times broke before the rules above.
HELDOUT_TIME_PAGES = [
    "en_autoindustria_nissan-sentra",  # meta without a zone, JSON-LD `2019-11-20 13:42:06+08:00`
    "en_sott_american-friends",  # reader comments' stamps; the article's stamp printed in a box
]


@pytest.mark.parametrize("stem", HELDOUT_TIME_PAGES)
def test_held_out_pages_give_the_times_an_editor_reads(stem: str) -> None:
    sidecar = PAGES / f"{stem}.expected.json"
    expected = json.loads(sidecar.read_text(encoding="utf-8"))
    reading = rq.read_wirestream(rq.page_of(sidecar), make_detector("auto"))
    assert rq.same_minute(expected["published_at"], reading.published)
    assert rq.same_minute(expected["updated_at"], reading.updated)
