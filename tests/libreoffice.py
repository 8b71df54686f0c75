"""Convert a document to PDF with LibreOffice, for the scripts that build test PDFs."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


def convert_to_pdf(source: Path, output: Path, infilter: str | None = None) -> None:
    """`source` as a PDF (see `convert`)."""
    convert(source, output, "pdf:writer_pdf_Export", infilter)


def convert(source: Path, output: Path, target: str, infilter: str | None = None) -> None:
    """Have LibreOffice (`soffice`, Debian's libreoffice-writer-nogui) write `source` as
    `output` in the `target` format (`pdf:writer_pdf_Export`, `docx:MS Word 2007 XML`,
    `odt`), in a profile of its own so that no user setting changes the result.

    `infilter` names LibreOffice's import filter where the file name does not decide it
    (`HTML (StarWriter)` reads HTML into Writer rather than Writer/Web).
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        )
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation=file://{folder}/profile",
                *([f"--infilter={infilter}"] if infilter else []),
                "--convert-to",
                target,
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        extension = target.split(":")[0]
        shutil.move(str(Path(folder) / f"{source.stem}.{extension}"), output)
