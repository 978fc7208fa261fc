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
