"""An absolute day in a plain form ("March 4, 2016", "4th March 2016", "2016-03-04": resolver.PLAIN_DAY_FORMS)
is judged by the calendar, not by dateparser: here dateparser is asked for every month spelling the rules
know (with an abbreviation's dot left out, as before a day number), the day numbers the rules read (padded,
with an ordinal ending, right or wrong) and the month ends of leap, common and century years, and it refuses
exactly the days the calendar has not, and reads the others as the fields do. So leaving it out of those forms
changes no result; any other form still goes to dateparser."""

from datetime import date

import pytest

from events.timex.lexicon import lexicon
from events.timex.resolver import PLAIN_DAY_FORMS, Span, _dateparser_day, _plain_day
from events.timex.times import find_times

DAYS = ["1", "01", "1th", "2nd", "3rd", "22nd", "28", "29", "30", "31", "31st"]
YEARS = [2016, 2100, 1651]  # a leap year, a century that is none, a year before dateparser's usual range


def spellings() -> list[str]:
    names = list(lexicon().month_names)
    return names + [n[:-1] for n in names if n.endswith(".")]


def calendar_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@pytest.mark.parametrize("month", spellings())
def test_dateparser_refuses_exactly_the_days_the_calendar_has_not(month):
    lex = lexicon()
    for day in DAYS:
        for year in YEARS:
            for form in PLAIN_DAY_FORMS[:4]:
                body = form.format(m=month, d=day, y=year)
                span = Span(0, len(body), body, "DATE", "test", "date", (("month", month), ("day", day), ("year", str(year))))
                assert _plain_day(body, span, year), body
                expected = calendar_day(year, lex.month(month), int(day.rstrip("stndrh")))
                assert _dateparser_day(body) == expected, body


@pytest.mark.parametrize("year", YEARS)
def test_iso_days_alike(year):
    for month in range(1, 13):
        for day in ("01", "28", "29", "30", "31"):
            body = f"{year}-{month:02d}-{day}"
            span = Span(0, len(body), body, "DATE", "test", "date", (("year", str(year)), ("month_num", f"{month:02d}"), ("day", day)))
            assert _plain_day(body, span, year), body
            assert _dateparser_day(body) == calendar_day(year, month, int(day)), body


# (text, reference date, the day found or None): the calendar's verdict in a sentence
ROWS = [
    ("The test was on February 29, 2016.", "2016-03-10", "2016-02-29"),
    ("The test was on February 29, 2017.", "2017-03-10", None),
    ("It was signed on 31 April 2015.", "2015-05-10", None),
    ("Sept 13, 2016 saw the launch.", "2016-09-20", "2016-09-13"),
    ("Launched on 2016-02-30, it said.", "2016-03-10", None),
]


@pytest.mark.parametrize("text,reference,expected", ROWS)
def test_plain_days_in_text(text, reference, expected):
    days = [m.value for m in find_times(text, reference) if m.precision == "day"]
    assert days == ([expected] if expected else [])
