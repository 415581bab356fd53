"""Invariants of the time engine, for any text and any reference date (hypothesis)."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from events import find_times
from events.timex.resolver import resolve
from events.timex.times import find_spans

NEWSY = st.lists(
    st.sampled_from(
        [
            "on", "in", "last", "next", "this", "week", "month", "year", "years", "ago", "later", "earlier",
            "the", "1990s", "2019", "Sept.", "13,", "September", "Thursday", "May", "march", "a", "second",
            "two", "24", "hours", "every", "daily", "early", "mid-", "late", "recently", "now", "Dec.", "22",
            "and", "23", "(KCNA)", "Pyongyang,", "January", "1", "--", "6", "a.m.", "5:00", "p.m.", "’s", "'s",
            "Hwasong-15", "Resolution", "2397", "five-year", "the following day", ".", "\n", "spring", "fall",
            "``", "''", '"', "“", "”", "said", "will", "saying", "Juche", "105", "(2016)", "at", "09:00", "Mondays",
        ]
    ),
    max_size=40,
).map(" ".join)

REFERENCES = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=300), NEWSY), reference=st.one_of(st.none(), REFERENCES))
def test_any_text_any_reference(text, reference):
    for m in find_times(text, reference):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        if m.range_start is not None and m.range_end is not None:
            assert m.range_start <= m.range_end
        assert m.type in {"DATE", "TIME", "DURATION", "SET"}


@settings(max_examples=200, deadline=None)
@given(text=NEWSY, reference=REFERENCES)
def test_resolution_is_pure(text, reference):
    for span in find_spans(text):
        try:
            first = resolve(span, reference, "past")
        except ValueError:
            continue
        assert resolve(span, reference, "past") == first


@settings(max_examples=200, deadline=None)
@given(reference=REFERENCES)
def test_relative_expressions_resolve_for_any_reference(reference):
    text = "Last week, two weeks ago, in September, on Thursday, next year and the following day."
    mentions = find_times(text, reference)
    assert [m.text for m in mentions] == ["Last week", "two weeks ago", "September", "Thursday", "next year", "the following day"]
    for m in mentions:
        assert m.range_start is not None and m.range_start <= m.range_end


@settings(max_examples=100, deadline=None)
@given(reference=REFERENCES)
def test_weekday_past_is_on_or_before_reference(reference):
    for name in ("Monday", "Thursday", "Sunday"):
        (m,) = find_times(f"It was reported on {name}.", reference)
        assert 0 <= (reference - m.range_start).days < 7


@settings(max_examples=200, deadline=None)
@given(reference=st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)), offset=st.integers(min_value=-300, max_value=300),
       verb=st.sampled_from(["was held", "will be held", "is held", "took place"]))
def test_a_weekday_with_its_date_names_the_year(reference, offset, verb):
    """"Monday, Oct. 26" within 300 days of the reference is that day, in whatever tense it is told."""
    day = reference + timedelta(days=offset)
    phrase = f"{day:%A}, {day:%B} {day.day}"
    found = [m for m in find_times(f"The meeting {verb} on {phrase}.", reference) if m.text == phrase]
    assert found and found[0].range_start == day, (phrase, [(m.text, m.value) for m in find_times(f"The meeting {verb} on {phrase}.", reference)])


@settings(max_examples=200, deadline=None)
@given(reference=st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)), offset=st.integers(min_value=-364, max_value=364),
       verb=st.sampled_from(["was held", "will be held", "is held", "took place", "has invited them"]))
def test_a_yearless_day_stays_near_the_story(reference, offset, verb):
    """A day written without its year lies within a year of the reference, and in another year than the
    reference's only within nine months (TENSE_REACH_DAYS) or as the closest such day."""
    day = reference + timedelta(days=offset)
    if (day.month, day.day) == (2, 29):
        return
    phrase = f"{day:%B} {day.day}"
    found = [m for m in find_times(f"The meeting {verb} on {phrase}.", reference) if m.text == phrase]
    assert found, phrase
    got = found[0].range_start
    assert (got.month, got.day) == (day.month, day.day)
    assert abs((got - reference).days) < 366
    if got.year != reference.year and abs((got - reference).days) > 270:
        others = [got.replace(year=y) for y in (got.year - 1, got.year + 1) if not (got.month == 2 and got.day == 29)]
        assert all(abs((got - reference).days) <= abs((o - reference).days) for o in others)


@settings(max_examples=100, deadline=None)
@given(day=st.dates(min_value=date(1912, 1, 1), max_value=date(2099, 12, 31)), reference=REFERENCES)
def test_a_juche_date_is_its_common_year(day, reference):
    """KCNA's "January 11, Juche 45 (1956)" is the day of the common year in brackets, whatever the reference."""
    phrase = f"{day:%B} {day.day}, Juche {day.year - 1911} ({day.year})"
    found = [m for m in find_times(f"The corps was organized on {phrase} by him.", reference) if m.text == phrase]
    assert found and found[0].range_start == day == found[0].range_end


@settings(max_examples=100, deadline=None)
@given(day=st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)), hour=st.integers(0, 23), minute=st.integers(0, 59))
def test_a_24_hour_time_with_its_day(day, hour, minute):
    """"at 02:48 on Nov. 29, 2017": any hour of the day, with the day and year given."""
    phrase = f"{hour:02d}:{minute:02d} on {day:%B} {day.day}, {day.year}"
    found = [m for m in find_times(f"It was launched at {phrase} near the capital.", date(2000, 1, 1)) if m.text == phrase]
    assert found and found[0].value == f"{day.isoformat()}T{hour:02d}:{minute:02d}"
