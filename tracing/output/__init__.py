"""Output formats of the command line: human text, JSON, GitHub annotations, JUnit XML, CSV."""
