"""Reading a study: files, YAML with positions, model validation, cross-references, the bibliography.

:func:`tracing.reading.load.load_study` is the entry; everything a command
needs to know about the files (positions, warnings) comes from here.
"""
