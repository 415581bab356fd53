"""What every stage stands on: the data files a stage keeps beside it, sentence splitting, untrusted YAML
(metadata of articles) and CSV safe to open in a spreadsheet.

In: text and the YAML/CSV files under each stage's ``data/`` folder; YAML from outside; tables to write. Out:
validated mappings and rows, regex alternations of word lists, sentences with their offsets, CSV files.
Imports no other stage.

Public names: ``datafiles.read_data``, ``datafiles.read_csv``, ``datafiles.alternation``,
``datafiles.LexiconError``, ``sentences.split``, ``sentences.Sentence``, ``untrusted_yaml.load_untrusted_yaml``,
``safe_csv.write_csv``, ``safe_csv.write_csv_rows``, ``safe_csv.neutralise``, ``derived.read_table``,
``derived.write_table``, ``derived.key_of`` (tables derived from the data files, kept beside them),
``derived.kept_pattern`` and ``derived.KeptPatterns`` (patterns whose compiled programs are kept so), ``derived.at_exit``, ``derived.write_pending`` (their writes as the program ends), ``records.quick_init`` (frozen records
made often, their fields set at once)."""
