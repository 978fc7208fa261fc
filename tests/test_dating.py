"""The article's publication and update times, from metadata, stamp lines and the header date."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.dating import date_article
from schemas import Article
from tests import records

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


def article(**fields) -> Article:
    return records.article(**({"lang": "no"} | fields))


def utc(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("fields", "published", "updated", "updates", "source", "precision"),
    [
        pytest.param(
            {"stamp_lines": ("Publisert: 30.04.19 kl. 17:49 Oppdatert: 30.04.19 kl. 18:15",)},
            "2019-04-30 15:49",
            "2019-04-30 16:15",
            ["2019-04-30 16:15"],
            "updated",
            "minute",
            id="seed-001-stamps-oslo",
        ),
        pytest.param(
            {
                "lang": "da",
                "stamp_lines": ("Opdateret 30.04.2019 kl. 18:15",),
                "published_text": "2019-04-30T17:49:00+02:00",
            },
            "2019-04-30 15:49",
            "2019-04-30 16:15",
            ["2019-04-30 16:15"],
            "updated",
            "minute",
            id="metadata-published-text-update-copenhagen",
        ),
        pytest.param(
            {
                "published_text": "Mon, 11 Mar 2024 09:15:00 +0100",
                "stamp_lines": ("Publisert: 11.03.24 kl. 07:42 Oppdatert: 11.03.24 kl. 09:15",),
            },
            "2024-03-11 06:42",
            "2024-03-11 08:15",
            ["2024-03-11 08:15"],
            "updated",
            "second",
            id="feed-moved-pubdate-to-the-update",
        ),
        pytest.param(
            {
                "published_text": "Mon, 11 Mar 2024 09:15:00 +0100",
                "stamp_lines": ("Publisert 11.03.2024 kl. 07:42",),
            },
            "2024-03-11 06:42",
            "2024-03-11 08:15",
            ["2024-03-11 08:15"],
            "updated",
            "second",
            id="later-publication-is-a-republication",
        ),
        pytest.param(
            {"published_text": "2024-03-11", "stamp_lines": ("Publisert 11.03.2024 kl. 07:42",)},
            "2024-03-11 06:42",
            None,
            [],
            "published",
            "minute",
            id="a-time-beats-a-bare-date",
        ),
        pytest.param(
            {"published_text": "2024-03-11T07:42:00+01:00", "updated_text": "2024-03-11T07:42:00+01:00"},
            "2024-03-11 06:42",
            None,
            [],
            "published",
            "second",
            id="updated-equal-to-published-is-no-update",
        ),
        pytest.param(
            {"updated_text": "2024-03-11T09:40:00+01:00"},
            None,
            "2024-03-11 08:40",
            ["2024-03-11 08:40"],
            "updated",
            "second",
            id="update-without-publication",
        ),
        pytest.param(
            {"header_date": "2019-04"},
            "2019-04-01 00:00",
            None,
            [],
            "header",
            "month",
            id="header-month-precision",
        ),
        pytest.param({}, None, None, [], "ingested", None, id="no-date-at-all"),
        pytest.param(
            {"lang": "sv", "published_text": "11.03.2024 07:15"},
            "2024-03-11 06:15",
            None,
            [],
            "published",
            "minute",
            id="site-style-date-in-a-json-field-stockholm",
        ),
        pytest.param(
            {
                "lang": "en",
                "stamp_lines": ("Updated 18:15 BST, 30 April 2019",),
                "published_text": "2019-04-30T16:00:00Z",
            },
            "2019-04-30 16:00",
            "2019-04-30 17:15",
            ["2019-04-30 17:15"],
            "updated",
            "minute",
            id="english-bst",
        ),
    ],
)
def test_date_article(fields, published, updated, updates, source, precision):
    # Precision is what was written: RFC 822 and ISO values with seconds are "second".
    dated = date_article(article(**fields))
    assert dated.published_at == utc(published)
    assert dated.updated_at == utc(updated)
    assert list(dated.updates) == [utc(u) for u in updates]
    assert (dated.date_source, dated.date_precision) == (source, precision)


def test_relative_stamp_without_capture_time_is_kept_as_text():
    dated = date_article(article(stamp_lines=("Oppdatert nå nettopp",)))
    assert (dated.updated_at, dated.relative_stamps) == (None, ("Oppdatert nå nettopp",))


def test_relative_stamp_resolves_against_capture_time():
    fetched = dt.datetime(2019, 4, 30, 16, 20, tzinfo=dt.UTC)
    dated = date_article(article(stamp_lines=("Oppdatert for 5 minutter siden",), fetched_at=fetched))
    assert dated.updated_at == dt.datetime(2019, 4, 30, 16, 15, tzinfo=dt.UTC)
    assert dated.relative_stamps == ()


def test_unreadable_dates_become_warnings_not_guesses():
    dated = date_article(
        article(published_text="sometime soon", stamp_lines=("Oppdatert: 31.02.19 kl. 25:61",))
    )
    assert (dated.published_at, dated.updated_at) == (None, None)
    assert len(dated.warnings) == 2 and all("unreadable" in w for w in dated.warnings)


def test_zone_hint_overrides_the_language_zone():
    dated = date_article(article(stamp_lines=("Publisert 30.04.2019 kl. 17:49",)), zone="UTC")
    assert dated.published_at == dt.datetime(2019, 4, 30, 17, 49, tzinfo=dt.UTC)


@given(
    published=st.one_of(st.none(), st.text(max_size=40)),
    updated=st.one_of(st.none(), st.text(max_size=40)),
    line=st.text(max_size=80),
)
def test_times_are_utc_or_absent_and_updates_follow_publication(published, updated, line):
    dated = date_article(article(published_text=published, updated_text=updated, stamp_lines=(line,)))
    for value in (dated.published_at, dated.updated_at, *dated.updates):
        assert value is None or value.utcoffset() == dt.timedelta(0)
    assert list(dated.updates) == sorted(set(dated.updates))
    if dated.published_at is not None and dated.date_source != "header":
        assert all(u > dated.published_at for u in dated.updates)
    assert dated.updated_at == (dated.updates[-1] if dated.updates else None)


def test_a_stamp_repeating_the_items_own_date_in_its_stated_zone_is_no_update():
    # A feed item from a +08:00 outlet, English text: the language would guess London.
    article = records.article(
        lang="en",
        published_text="Sun, 17 Oct 2021 20:00:00 +0800",
        stamp_lines=("October 17, 2021 8:00 PM",),
    )
    dated = date_article(article)
    assert dated.published_at == dt.datetime(2021, 10, 17, 12, 0, tzinfo=dt.UTC)
    assert (dated.updated_at, dated.updates) == (None, ())


def test_a_real_update_in_the_text_still_counts_beside_a_stated_offset():
    article = records.article(
        lang="en",
        published_text="Sun, 17 Oct 2021 20:00:00 +0800",
        stamp_lines=("Updated October 17, 2021 11:30 PM",),
    )
    assert date_article(article).updated_at is not None


@pytest.mark.parametrize(
    ("modified", "updated"),
    [
        ("2020-05-28T17:43:48+03:00", None),  # the same printed minute: a second save, no update
        ("2020-05-28T17:44:05+03:00", "2020-05-28 14:44:05"),  # the next minute: an update
    ],
)
def test_a_modification_in_the_minute_of_publication_is_no_update(modified, updated):
    article = records.article(lang="sv", published_text="2020-05-28T17:43:00+03:00", updated_text=modified)
    assert date_article(article).updated_at == utc(updated)


def test_a_page_printing_in_its_own_zone_says_so_beside_a_machine_time():
    # The update printed as `12:10 PM` on an element carrying 17:10:17Z: the page prints in UTC-5, so
    # its unzoned publication (the CMS meta as printed) is 17:06Z, not 12:06 in London.
    dated = date_article(
        article(
            lang="en",
            published_text="Saturday, December 27, 2014, 12:06 PM",
            updated_text="2014-12-27T17:10:17Z",
            stamp_lines=("updated December 27, 2014 at 12:10 PM",),
        )
    )
    assert dated.published_at == utc("2014-12-27 17:06")
    assert dated.updated_at == utc("2014-12-27 17:10:17")


def test_a_printed_stamp_in_utc_beside_its_machine_time_is_that_moment():
    # A German page printing `15:30 Uhr` for <time datetime="...15:30:55+00:00">: no update an hour later.
    dated = date_article(
        article(
            lang="de",
            published_text="2016-03-08T15:30:55+00:00",
            updated_text="2016-03-08T15:30:55+00:00",
            stamp_lines=("08.03.2016 | 15:30 Uhr",),
        )
    )
    assert (dated.published_at, dated.updated_at) == (utc("2016-03-08 15:30"), None)  # printed to the minute


def test_an_update_whole_hours_after_the_publication_is_an_update_not_a_zone():
    dated = date_article(
        article(published_text="2020-02-19T10:00:00+01:00", stamp_lines=("Oppdatert 19.02.2020 kl. 13.00",))
    )
    assert (dated.published_at, dated.updated_at) == (utc("2020-02-19 09:00"), utc("2020-02-19 12:00"))


def test_a_zone_the_user_names_is_not_second_guessed_by_the_page():
    dated = date_article(
        article(
            lang="en",
            published_text="Saturday, December 27, 2014, 12:06 PM",
            updated_text="2014-12-27T17:10:17Z",
            stamp_lines=("updated December 27, 2014 at 12:10 PM",),
        ),
        zone="America/Chicago",
    )
    assert dated.published_at == utc("2014-12-27 18:06")


@pytest.mark.parametrize(
    ("lang", "published", "note", "updated"),
    [
        # The metadata's modification equals the publication; the note in the text is the update.
        ("en", "2019-07-03T04:22:07-04:00", "Update July 3rd, 8:05AM ET: Added ARKit explanation and tweet.",
         "2019-07-03 12:05"),
        ("no", "2020-02-19T10:00:00+01:00", "Oppdatert 19. februar kl. 13.30: Politiet har bekreftet navnet.",
         "2020-02-19 12:30"),
        ("da", "2020-02-19T10:00:00+01:00", "Opdateret 19. februar kl. 13.30: Artiklen er opdateret.",
         "2020-02-19 12:30"),
        ("sv", "2020-02-19T10:00:00+01:00", "Uppdaterad 19 februari kl. 13.30: Artikeln har kompletterats.",
         "2020-02-19 12:30"),
        ("fi", "2020-02-19T10:00:00+02:00", "Päivitetty 19. helmikuuta klo 13.30: Juttua täydennetty.",
         "2020-02-19 11:30"),
        # a date inside the prose is the story's, not an update
        ("no", "2020-02-19T10:00:00+01:00", "Politiet sa 19. februar kl. 13.30 at veien var åpen.", None),
    ],
)  # fmt: skip
def test_an_editors_note_opening_a_paragraph_states_an_update(lang, published, note, updated):
    body = f"Første avsnitt av saken.\n\n{note}\n\nSiste avsnitt."
    dated = date_article(article(lang=lang, published_text=published, updated_text=published, body=body))
    assert dated.updated_at == utc(updated)
    assert dated.body == body  # the note stays body
