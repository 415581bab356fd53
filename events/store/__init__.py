"""The store: events kept in an embedded DuckDB database, merged into stories (one real-world event, many
reports), and event tables written to or read from files.

In: articles and their events (events.coding). Out: the ``events``, ``stories``, ``story_reports`` and
``ingest_errors`` tables, the search index and the first page's summaries; CSV, Parquet and JSON Lines files.
``data/stories.yaml`` holds the merge rules.

Public names: ``database.connect``, ``database.ingest``, ``database.read_events``, ``database.read_stories``,
``database.merge_stories``, ``database.StoreError``, ``stories.Merger``, ``tables.write``, ``tables.write_rows``, ``tables.read``,
``story_explanation.explain_story``."""
