"""JUnit XML of `tracing check`: one testcase per conclusion, for GitLab, Jenkins and GitHub test reporters.

Test-case names are stable (``H1.afghanistan``, ``H1.afghanistan.van_evera``),
so a CI's test history follows a conclusion across runs. A conclusion that does
not hold with ``severity: error`` is a ``<failure>`` carrying the sentence that
explains it; a ``warn`` conclusion that does not hold passes, with the warning
in ``<system-out>``. The output is deterministic: no timestamps, no host names.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .text import clean, clean_block


def render(suite_name: str, outcomes, path_of_conclusions: str | None) -> bytes:
    """The JUnit XML document (UTF-8 bytes) for ``outcomes`` of :func:`tracing.engine.conclusions.evaluate`."""
    failures = sum(1 for o in outcomes if o.status == "fail")
    n = str(len(outcomes))
    suites = ET.Element("testsuites", name="tracing check", tests=n, failures=str(failures), errors="0",
                        skipped="0", time="0")
    suite = ET.SubElement(suites, "testsuite", name=clean(suite_name), tests=n, failures=str(failures), errors="0",
                          skipped="0", time="0")
    file = clean(path_of_conclusions or "conclusions.yaml")
    for o in outcomes:
        case = ET.SubElement(suite, "testcase", classname="conclusions", name=clean(o.name), file=file,
                             line=str(o.line), time="0")
        where = f"{file}:{o.line}:{o.column}"
        note = f"\nnote: {clean(' '.join(o.conclusion.note.split()))}" if o.conclusion.note else ""
        if o.status == "fail":
            # control characters are not allowed in XML 1.0: shown as escapes (\x01), never written
            f = ET.SubElement(case, "failure", message=clean(o.sentence()), type="ConclusionDoesNotHold")
            f.text = clean_block(f"{where}: {clean(o.sentence())}{note}")
        else:
            out = ET.SubElement(case, "system-out")
            prefix = "warning (severity warn): " if o.status == "warn" else ""
            out.text = clean_block(f"{where}: {prefix}{clean(o.sentence())}{note}")
    ET.indent(suites)
    return ET.tostring(suites, encoding="utf-8", xml_declaration=True) + b"\n"
