"""Event coding: finds the events an article reports (triggers, actors, weapons, places), gives each its
status and its date from the governing time expression, and builds the event table.

In: ``Article`` records (events.reading) and their time mentions (events.timex). Out: ``Event`` records and the
event table (``extract_frame``), declared once in ``schema`` with the vocabularies of ``data/`` (event types,
weapons, actors, places, cues). ``explain`` tells, sentence by sentence, what fired and why.

Public names: ``extraction.extract``, ``extraction.extract_frame``, ``extraction.extract_rows`` (the same table as
checked rows, for a CSV written without pandas), ``extraction.Event``,
``schema.fields``, ``schema.columns``, ``vocab.vocabulary``, ``explain.explain_article``."""
