"""What every stage stands on: the data files a stage keeps beside it, and sentence splitting.

In: text and the YAML/CSV files under each stage's ``data/`` folder. Out: validated mappings and rows, regex
alternations of word lists, sentences with their offsets. Imports no other stage.

Public names: ``datafiles.read_data``, ``datafiles.read_csv``, ``datafiles.alternation``,
``datafiles.LexiconError``, ``sentences.split``, ``sentences.Sentence``."""
