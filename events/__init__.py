"""Eventline: news articles in, a timeline of dated events out."""

from .articles import Article, Problem, read_paths
from .extract import Event, extract, extract_frame
from .times import TimeMention, find_times

__all__ = ["Article", "Event", "Problem", "TimeMention", "extract", "extract_frame", "find_times", "read_paths"]
__version__ = "0.1.0"
