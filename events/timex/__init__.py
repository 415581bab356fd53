"""The time engine: finds time expressions in text and resolves them against a reference date.

Two phases (docs/time-engine.md): ``times.find_spans`` finds expressions with the rules of
``data/time_rules.yaml`` over the words of ``data/time_lexicon.yaml``; ``resolver.resolve`` turns a span into a
TimeML value and a date range for a reference date and tense, a pure function that never reads the clock;
``story`` tracks the story's own time where a text tells of an earlier year.
``timeml`` reads and writes TempEval-3 TimeML and scores it.

In: text and a reference date. Out: ``TimeMention`` (text, offsets, TimeML type and value, first and last day,
precision). Imports only ``events.base``.

Public names: ``times.find_times``, ``times.TimeMention``, ``times.as_date``, ``resolver.resolve``,
``timeml.read_document``, ``timeml.score_dirs``."""
