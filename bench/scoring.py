"""The scorers of bench/events.py, free of the `events` package so that a test can run them on a tiny example.

- ``score_days``: recall of database test days (all of them, and the ones the corpus reports) and precision of
  extracted test-event days, each matched with one day of tolerance (CNS is UTC, CSIS and KCNA Korean time).
- ``tool_figures``: the counts ../shared/tools/wire_score.py prints (bench/events.py runs the team's scorer on
  wire-dev; the project keeps no copy of it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

# -- test days (KCNA against CNS and CSIS) ---------------------------------------------------------------------


def near(d: date, days, tolerance: int = 1) -> list[date]:
    """The days of ``days`` within ``tolerance`` days of ``d``, nearest first."""
    steps = sorted(range(-tolerance, tolerance + 1), key=lambda k: (abs(k), k))
    return [d + timedelta(days=k) for k in steps if d + timedelta(days=k) in days]


@dataclass
class DayScore:
    database: list[date]  # the recall set: database test days
    reported: list[date]  # those the corpus reports (a subset)
    found: list[date]  # database days with an extracted test day within the tolerance
    judged: list[date]  # distinct extracted test days whose precision is judged
    false: list[date]  # of those, the ones with no database day within the tolerance

    @property
    def found_reported(self) -> list[date]:
        return [d for d in self.reported if d in set(self.found)]

    @property
    def missed_reported(self) -> list[date]:
        return [d for d in self.reported if d not in set(self.found)]

    @property
    def recall_reported(self) -> float:
        return len(self.found_reported) / len(self.reported) if self.reported else float("nan")

    @property
    def recall_all(self) -> float:
        return len(self.found) / len(self.database) if self.database else float("nan")

    @property
    def precision(self) -> float:
        return 1 - len(self.false) / len(self.judged) if self.judged else float("nan")


def score_days(database: Iterable[date], reported: Iterable[date], extracted: Iterable[date], known: Iterable[date],
               judged: Iterable[date] | None = None, tolerance: int = 1) -> DayScore:
    """Recall of ``database`` days (and of the ``reported`` ones among them): a day is found when an
    ``extracted`` test-event day lies within ``tolerance`` days of it. Precision over the distinct ``judged``
    days (by default the extracted ones): a day with no ``known`` database day (of any year) within
    ``tolerance`` is a false hit."""
    database, extracted, known = sorted(set(database)), set(extracted), set(known)
    reported = sorted(set(reported))
    outside = set(reported) - set(database)
    if outside:
        raise ValueError(f"reported days that are not database days: {sorted(outside)}")
    judged = sorted(set(extracted if judged is None else judged))
    found = [d for d in database if near(d, extracted, tolerance)]
    false = [d for d in judged if not near(d, known, tolerance)]
    return DayScore(database, reported, found, judged, false)


# -- wire-dev: ../shared/tools/wire_score.py's printed counts --------------------------------------------------


def tool_figures(text: str) -> dict[str, tuple[int, ...]]:
    """The counts in wire_score.py's output (recall per tier and overall, precision, actors, undated)."""
    out = {f"tier {t}": (int(h), int(n)) for t, h, n in re.findall(r"^\s+tier (\S+): recall (\d+)/(\d+)", text, re.MULTILINE)}
    m = re.search(r"^recall [\d.na]+ \((\d+)/(\d+)\); .*precision [\d.na]+ \((\d+)/(\d+) dated", text, re.MULTILINE)
    if m:
        out["recall"], out["precision"] = (int(m[1]), int(m[2])), (int(m[3]), int(m[4]))
    m = re.search(r"^actor check: (\d+)/(\d+)", text, re.MULTILINE)
    if m:
        out["actors"] = (int(m[1]), int(m[2]))
    m = re.search(r"undated events (\d+) \((\d+) of a gold type", text)
    if m:
        out["undated"] = (int(m[1]), int(m[2]))
    return out
