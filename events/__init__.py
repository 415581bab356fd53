"""Eventline: news articles in, a timeline of dated events out."""

from .times import TimeMention, find_times

__all__ = ["TimeMention", "find_times"]
__version__ = "0.1.0"
