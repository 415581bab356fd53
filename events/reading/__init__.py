"""Reading articles: text files (with front matter or a sidecar), HTML pages, JSON Lines dumps, RSS/Atom feeds
and URLs, each decoded, with its publication date settled (metadata, dateline, user or inferred).

In: paths, folders and URLs. Out: ``Article`` records, and a ``Problem`` for each input that could not be read,
naming it and why; one bad input never stops the others. Imports ``events.timex`` only for dates.

Public names: ``articles.read_paths``, ``articles.Article``, ``articles.Problem``, ``articles.settle_date``."""
