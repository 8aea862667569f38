"""The engine: scoring (contract §6), sensitivity, derived views, conclusions, the comparison behind `diff`,
and the one wording of verdicts (:mod:`.words`). It reads models from :mod:`tracing.reading` and imports
nothing above it."""
