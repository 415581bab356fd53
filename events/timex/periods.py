"""Calendar periods: the day range and TimeML value of a day, week, month, quarter, season, year,
decade or century. Pure date arithmetic; nothing here reads the clock."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from events.base.records import quick_init

MIN_YEAR, MAX_YEAR = 1, 9998

SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
# How a period is cut for "early/mid/late": into which sub-units, and how many (a month in 10-day thirds).
SUBUNITS = {
    "week": ("day", 7),
    "month": ("day", 30),
    "quarter": ("month", 3),
    "season": ("month", 3),
    "half": ("month", 6),
    "year": ("month", 12),
    "decade": ("year", 10),
    "century": ("decade", 10),
}
PRECISIONS = ("day", "week", "month", "quarter", "season", "half", "year", "decade", "century", "none")


@quick_init
@dataclass(frozen=True)
class Period:
    value: str
    start: date | None
    end: date | None
    precision: str
    mod: str | None = None
    basis: str | None = None  # what it was counted from (resolver.STATED ...), None when the resolver says nothing

    def narrowed(self, start_share: float, end_share: float, mod: str | None) -> "Period":
        """The part of this period between two shares of its length, counted in whole sub-units:
        "late 2019" = September to December, "early December" = the 1st to the 10th, "the early 1980s" =
        1980 to 1982."""
        if self.start is None or self.end is None or self.precision not in SUBUNITS:
            return self
        unit, count = SUBUNITS[self.precision]
        first, last = round(count * start_share), max(round(count * end_share), round(count * start_share) + 1)
        if unit == "day":
            start = self.start + timedelta(days=first)
            end = self.end if last >= count else self.start + timedelta(days=last - 1)
        elif unit == "month":
            start = add_months(self.start, first)
            end = add_months(self.start, last) - timedelta(days=1)
        else:  # years
            step = 10 if unit == "decade" else 1
            start = date(self.start.year + first * step, 1, 1)
            end = date(self.start.year + last * step - 1, 12, 31)
        return Period(self.value, start, min(end, self.end), self.precision, mod, self.basis)

    def clipped(self, *, end: date | None = None, start: date | None = None, mod: str | None = None) -> "Period":
        """The same period, its range cut at a date ("earlier this month" ends today)."""
        s, e = self.start, self.end
        if end is not None and e is not None and s is not None and s <= end < e:
            e = end
        if start is not None and s is not None and e is not None and s < start <= e:
            s = start
        return Period(self.value, s, e, self.precision, mod or self.mod, self.basis)


def _year(y: int) -> int:
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise ValueError(f"year {y} out of range")
    return y


def day(d: date) -> Period:
    return Period(d.isoformat(), d, d, "day")


def week_of(d: date) -> Period:
    y, w, _ = d.isocalendar()
    monday = d - timedelta(days=d.isoweekday() - 1)
    return Period(f"{y:04d}-W{w:02d}", monday, monday + timedelta(days=6), "week")


def weekend_of(d: date) -> Period:
    y, w, _ = d.isocalendar()
    saturday = d - timedelta(days=d.isoweekday() - 1) + timedelta(days=5)
    return Period(f"{y:04d}-W{w:02d}-WE", saturday, saturday + timedelta(days=1), "week")


def month(y: int, m: int) -> Period:
    _year(y)
    last = calendar.monthrange(y, m)[1]
    return Period(f"{y:04d}-{m:02d}", date(y, m, 1), date(y, m, last), "month")


def quarter(y: int, q: int) -> Period:
    _year(y)
    first = date(y, 3 * q - 2, 1)
    end_month = 3 * q
    return Period(f"{y:04d}-Q{q}", first, date(y, end_month, calendar.monthrange(y, end_month)[1]), "quarter")


def half(y: int, h: int) -> Period:
    _year(y)
    return Period(f"{y:04d}-H{h}", date(y, 1, 1) if h == 1 else date(y, 7, 1), date(y, 6, 30) if h == 1 else date(y, 12, 31), "half")


def season(y: int, code: str) -> Period:
    _year(y)
    first_month, last_month = SEASON_MONTHS[code]
    start = date(y, first_month, 1)
    end_year = y + 1 if last_month < first_month else y
    _year(end_year)
    end = date(end_year, last_month, calendar.monthrange(end_year, last_month)[1])
    return Period(f"{y:04d}-{code}", start, end, "season")


def year(y: int) -> Period:
    _year(y)
    return Period(f"{y:04d}", date(y, 1, 1), date(y, 12, 31), "year")


def decade(first_year: int) -> Period:
    """The decade starting at ``first_year`` (a multiple of ten): 1990 -> 199X."""
    _year(first_year)
    return Period(f"{first_year // 10:03d}X", date(first_year, 1, 1), date(min(first_year + 9, MAX_YEAR), 12, 31), "decade")


def century(number: int) -> Period:
    """The ``number``-th century: 20 -> value "19", 1901..2000 as historians count, shown as 1900..1999."""
    first = (number - 1) * 100
    _year(max(first, 1))
    return Period(f"{number - 1:02d}", date(max(first, 1), 1, 1), date(first + 99, 12, 31), "century")


VALUE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def of_value(value: str) -> Period | None:
    """The period a TimeML value of a year, a month or a day names ("2016", "2006-10", "2016-04-15"), as a
    range's part is valued; None for any other value or a date the calendar has not."""
    m = VALUE.fullmatch(value)
    if m is None:
        return None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d is not None:
            return day(date(y, int(mo), int(d)))
        return month(y, int(mo)) if mo is not None else year(y)
    except ValueError:
        return None


def plus_days(d: date, days: int | timedelta) -> date:
    """``d`` moved by ``days`` (negative: back), saturating at the calendar's ends (0001-01-01, 9999-12-31): a
    window around a report of year 1 or 9999 ends there instead of raising OverflowError."""
    n = days.days if isinstance(days, timedelta) else days
    ordinal = d.toordinal() + n
    return date.fromordinal(min(max(ordinal, date.min.toordinal()), date.max.toordinal()))


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def add_months(d: date, n: int) -> date:
    total = d.year * 12 + d.month - 1 + n
    y, m = divmod(total, 12)
    return date(_year(y), m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def add_years(d: date, n: int) -> date:
    y = _year(d.year + n)
    return date(y, d.month, min(d.day, calendar.monthrange(y, d.month)[1]))


def containing(d: date, grain: str) -> Period:
    """The period of a given grain that contains ``d``."""
    if grain == "day":
        return day(d)
    if grain == "week":
        return week_of(d)
    if grain == "weekend":
        return weekend_of(d)
    if grain == "month":
        return month(d.year, d.month)
    if grain == "quarter":
        return quarter(d.year, quarter_of(d))
    if grain == "year":
        return year(d.year)
    if grain == "decade":
        return decade(d.year - d.year % 10)
    if grain == "century":
        return century(d.year // 100 + 1)
    raise ValueError(f"no period of grain {grain!r}")


def shifted(d: date, grain: str, n: float) -> date:
    """``d`` moved by ``n`` units of ``grain`` (weeks and days by days, the rest by months)."""
    if grain in ("day",):
        return d + timedelta(days=round(n))
    if grain in ("week", "weekend"):
        return d + timedelta(days=round(7 * n))
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}[grain]
    return add_months(d, round(months * n))
