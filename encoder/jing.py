"""Run jing, the RELAX NG validator, so that it can read nothing but what it is given.

jing resolves entities, DTDs and -- through Debian's ``/usr/bin/jing``, which configures Xerces
for it -- XInclude by itself. The caller (:func:`encoder.validate.check_tei_all`) hands over
only bytes that the safe parser accepted and that have no DOCTYPE; here jing validates copies of
exactly those bytes, run from its jar with the JDK's own parser (no XInclude) and entity
expansion capped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["JVM_OPTIONS", "Finding", "jing_command", "run_jing"]

#: Java system properties for jing. These are a second line only: jing resolves entities
#: through its own resolver, which they do not reach (a parameter-entity DTD still made it fetch
#: a URL), so the first line is that jing is never given a file with a DOCTYPE.
JVM_OPTIONS = (
    "-Djavax.xml.parsers.SAXParserFactory="
    "com.sun.org.apache.xerces.internal.jaxp.SAXParserFactoryImpl",
    "-Djdk.xml.entityExpansionLimit=100",
    "-Djdk.xml.totalEntitySizeLimit=100000",
    "-Djdk.xml.maxGeneralEntitySizeLimit=100000",
    "-Djdk.xml.maxParameterEntitySizeLimit=100000",
    "-Djavax.xml.accessExternalDTD=",
    "-Djavax.xml.accessExternalSchema=",
)
#: Where Debian (and most distributions) install jing's jar; ``$JING_JAR`` overrides it.
JING_JAR = Path("/usr/share/java/jing.jar")
#: jing validates the whole edition against tei_all in about a second; this is a stuck JVM.
JING_TIMEOUT = 600

_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>\w+): (?P<msg>.*)$")


@dataclass(frozen=True)
class Finding:
    """One line of jing's report, with ``file`` as the caller named it."""

    file: str
    line: int
    col: int
    severity: str
    message: str


def jing_command() -> list[str] | None:
    """How to run jing: ``java <JVM_OPTIONS> -jar jing.jar``, else the ``jing`` command.

    Running the jar ourselves is what lets the options reach the JVM (Debian's ``/usr/bin/jing``
    is a shell wrapper that adds its own); a ``jing`` found only as a command gets them through
    ``JAVA_TOOL_OPTIONS``. ``None`` when neither exists.
    """
    jar = Path(os.environ.get("JING_JAR") or JING_JAR)
    java = shutil.which("java")
    if java and jar.is_file():
        return [java, *JVM_OPTIONS, "-jar", str(jar)]
    jing = shutil.which("jing")
    return [jing] if jing else None


def run_jing(command: list[str], rng: Path, files: list[tuple[str, bytes]]
             ) -> tuple[list[Finding], str | None]:
    """Validate ``(name, bytes)`` pairs against ``rng`` in one jing process.

    Returns jing's findings and, when jing failed without reporting any (no Java, an unreadable
    schema, a timeout), why. jing reads copies, never the caller's paths: what it sees is what
    the safe parser accepted, even if a file changes in between. The copies keep the original
    bytes (not a re-serialisation), so jing's lines and columns are those of the caller's file.
    """
    env = dict(os.environ)
    env["JAVA_TOOL_OPTIONS"] = " ".join([*JVM_OPTIONS, env.get("JAVA_TOOL_OPTIONS", "")]).strip()
    findings: list[Finding] = []
    with tempfile.TemporaryDirectory(prefix="memcon-jing-") as tmp:
        names: dict[str, str] = {}
        for i, (name, data) in enumerate(files):
            copy = Path(tmp) / str(i) / Path(name).name
            copy.parent.mkdir()
            copy.write_bytes(data)
            names[str(copy.resolve())] = name
        try:
            proc = subprocess.run(
                [*command, str(rng), *names], capture_output=True, text=True, check=False,
                env=env, timeout=JING_TIMEOUT, stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            return [], f"did not finish in {JING_TIMEOUT} s"
        for raw in proc.stdout.splitlines():
            m = _LINE.match(raw)
            if m:
                file = m["file"].removeprefix("file:")
                findings.append(Finding(names.get(str(Path(file).resolve()), file),
                                        int(m["line"]), int(m["col"]), m["sev"], m["msg"]))
    if proc.returncode != 0 and not findings:
        detail = [d for d in (proc.stderr or proc.stdout).strip().splitlines()
                  if not d.startswith(("[warning]", "Picked up JAVA_TOOL_OPTIONS"))]
        return [], (detail or ["no output"])[-1]
    return findings, None
