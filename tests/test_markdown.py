"""Markdown articles: the top heading is the title, sub-headings stay, markup never reaches the text."""

import pytest

from connectors.article_files import read_article_file
from connectors.markdown import inline, read_markdown
from pipelines.parse import parse_document
from tests import records


@pytest.mark.parametrize(
    ("line", "plain"),
    [
        ("Han sa **ikke** noe.", "Han sa ikke noe."),
        ("Les [saken her](https://nrk.no/a?x=(1)) i dag.", "Les saken her i dag."),
        (
            "Et *kursivt* og et _annet_ ord, snake_case_navn står.",
            "Et kursivt og et annet ord, snake_case_navn står.",
        ),
        ("Kode: `wirestream ingest`.", "Kode: wirestream ingest."),
        ("**Fet med *kursiv* inni**", "Fet med kursiv inni"),
        ("Se <https://example.org>.", "Se https://example.org."),
        ("5 * 3 = 15 og 2 * 2", "5 * 3 = 15 og 2 * 2"),
    ],
)
def test_inline_markup_goes_and_the_words_stay(line, plain):
    assert inline(line) == plain


ARTICLE = """# Ein låg i grøfta etter ulukka

Bilen hamna utfor vegen **natt til søndag**, opplyser [politiet](https://politi.no).

![Bilen i grøfta ved Voss. Foto: Ola Nordmann / NTB](bil.jpg)

## Vitne fortel

> – Det gjekk så fort, seier eit vitne.

- Vegen var glatt
- Det var mørkt

---

Politiet held fram etterforskinga måndag.
"""


def test_a_markdown_article_has_its_title_subheading_and_plain_body():
    title, text = read_markdown(ARTICLE)
    assert title == "Ein låg i grøfta etter ulukka"
    assert text.split("\n\n") == [
        "Bilen hamna utfor vegen natt til søndag, opplyser politiet.",
        "Bilen i grøfta ved Voss. Foto: Ola Nordmann / NTB",
        "Vitne fortel",
        "– Det gjekk så fort, seier eit vitne.",
        "• Vegen var glatt\n• Det var mørkt",
        "Politiet held fram etterforskinga måndag.",
    ]


def test_setext_title_and_no_title():
    assert read_markdown("Storm i nord\n============\n\nTekst her.\n") == ("Storm i nord", "Tekst her.")
    assert read_markdown("Bare tekst, ingen overskrift.\n") == (None, "Bare tekst, ingen overskrift.")


def test_a_md_file_reads_through_the_production_steps():
    (document,) = read_article_file("ulukke.md", ARTICLE.encode())
    assert document.title == "Ein låg i grøfta etter ulukka"
    article = parse_document(document, run_id="r", ingested_at=records.NOW)
    assert article.title == "Ein låg i grøfta etter ulukka"
    assert "**" not in article.body and "](" not in article.body and "#" not in article.body
    assert [p.text for p in article.paragraphs if p.kind == "subheading"] == ["Vitne fortel"]
    assert [c.text for c in article.captions] and "Bilen i grøfta ved Voss" in article.captions[0].text
