"""Reads a plain-text article the way an editor would: title, lede, body, captions and the furniture.

The text arrives one paragraph a line (blank lines may separate paragraphs); a text hard-wrapped at
a fixed width is first joined back into one paragraph a line (`text.unwrap`). Every non-empty line
ends up in exactly one place of the returned `Structure` (body, caption, related link, byline, stamp,
...) or is counted as a repeat of a caption in `captions_collapsed`. Pure functions, no Beam.

Rules chosen (the seeds in `sample_feeds/` are the reference):

- Title: a `title` given by the source wins, and a line repeating it is dropped. Otherwise the first
  line is the title when it reads like a headline: it does not end like a sentence (`.`, `,`, `;`,
  `:`, `…`; `?`/`!` only for short lines), other lines follow, and the next line does not carry on
  its sentence (a hard-wrapped text: no blank line, lower case first). A site's section path above
  it (`Nyheter / Innenriks`, menu items run together `UutisetPolitiikka`) is boilerplate. A leading
  ` date 2019-04 ...` header gives `header_date`; its rest is the title by the same rule, else the
  first body paragraph (a headline run into the first paragraph cannot be cut out cleanly, so none
  is invented).
- Lede: the first body paragraph when it is text; it stays `paragraphs[0]`, so `body_text` is the
  whole body and `lede` is only a view of it.
- Standfirst: the run of `- ` bullet lines right after the title, before any body paragraph. A lone
  bullet counts only written directly under the title line: after a blank line a lone dash is a
  dialogue quote, the usual form in Danish and Norwegian copy.
- Captions: `TEXT Foto: CREDIT` (the credit words: `schemas.vocabulary`), repeats joined by a
  site's "show more" widget (`Vis mere`, `Se mer`, ...) kept once; English `Label: description`
  captions (see `_label_caption`). The same caption anywhere in the article is kept once.
- Fact box: `Fakta: HEADING BODY Kilde: SOURCE` on one line (see `_fact_box` for the heading rule).
- Bylines: `Av X`/`By X` lines anywhere, bare names under the lede, and at the end a name over the
  writer's own e-mail address or a letter's `Name, Town`; a dateline (`OSLO (NTB):`) gives its
  agency. What is printed around the names leaves the byline (`bylines.tidy_byline`).
"""

from pipelines.structure.body import Structure, source_byline, split_article
from pipelines.structure.bylines import tidy_byline
from pipelines.structure.furniture import byline_agencies
from pipelines.structure.text import body_text, clean_text

__all__ = [
    "Structure",
    "body_text",
    "byline_agencies",
    "clean_text",
    "source_byline",
    "split_article",
    "tidy_byline",
]
