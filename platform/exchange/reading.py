"""Reading an uploaded table (CSV or XLSX) row by row, with defences against hostile files.

- **CSV**: UTF-8 (with or without BOM) or Windows-1252, found by decoding the whole file
  incrementally (nothing kept); the separator (``;`` or ``,``) is the one the header line
  uses most. Rows are decoded and split as they are read.
- **XLSX**: before openpyxl parses anything, the zip's directory is checked: member count,
  each member's uncompressed size and compression ratio, and the total uncompressed size
  (a "zip bomb" expands small XML into gigabytes). The first sheet is then read with
  openpyxl in read-only (streaming) mode; a formula is refused as a value (its text would
  be evaluated by the next spreadsheet that opens an export).
- Both: at most :data:`MAX_ROWS` data rows and :data:`MAX_COLUMNS` columns.

A file that cannot be read at all raises :class:`FileRefusedError` (a French reason); a bad
cell is reported by the caller with its row and column. Rows are numbered as a
spreadsheet shows them: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 64
MAX_CELL_CHARS = 1000
# XLSX (a zip of XML parts): what the parts may expand to before anything is parsed.
MAX_ZIP_MEMBERS = 200
MAX_MEMBER_BYTES = 150 * 1024 * 1024
MAX_TOTAL_UNCOMPRESSED = 300 * 1024 * 1024
MAX_COMPRESSION_RATIO = 150
_CHUNK = 64 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls and other OLE documents


class FileRefusedError(Exception):
    """The file as a whole cannot be read; ``reason`` is shown to the user (French)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell's text, or the date a spreadsheet stored, and whether it held a formula."""

    text: str
    date: dt.date | None = None
    formula: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """The header's cells and an iterator over the data rows: ``(row number, cells)``."""

    header: list[str]
    rows: Iterator[tuple[int, list[Cell]]]
    format: str


def open_table(data: bytes, filename: str = "") -> Table:
    """The table in ``data`` (XLSX when it is a zip, CSV otherwise).

    >>> table = open_table("Nom;Prénom\\nDurand;Léa\\n".encode())
    >>> table.header, [[c.text for c in cells] for _, cells in table.rows]
    (['Nom', 'Prénom'], [['Durand', 'Léa']])
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileRefusedError(
            f"Fichier trop volumineux ({len(data) // (1024 * 1024)} Mio) : la limite est de "
            f"{MAX_UPLOAD_BYTES // (1024 * 1024)} Mio ; découpez-le en plusieurs fichiers."
        )
    if not data.strip():
        raise FileRefusedError("Le fichier est vide.")
    if data.startswith(_ZIP_MAGIC):
        return _open_xlsx(data)
    if data.startswith(_OLE_MAGIC) or filename.lower().endswith(".xls"):
        raise FileRefusedError(
            "Format Excel 97-2003 (.xls) non pris en charge : enregistrez le fichier au "
            "format .xlsx ou CSV."
        )
    if b"\x00" in data[:_CHUNK]:
        raise FileRefusedError(
            "Ce fichier n'est pas un tableur : envoyez un fichier CSV (séparateur « ; » ou "
            "« , ») ou XLSX."
        )
    return _open_csv(data)


# --------------------------------------------------------------------------- CSV


def detect_encoding(data: bytes) -> str:
    """``utf-8-sig`` when the bytes are valid UTF-8, else ``cp1252`` if they decode as such."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(data), _CHUNK):
                decoder.decode(data[start : start + _CHUNK])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise FileRefusedError(
        "Encodage du fichier non reconnu : enregistrez-le en CSV UTF-8 (ou Windows-1252)."
    )


def _open_csv(data: bytes) -> Table:
    encoding = detect_encoding(data)
    text = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    first_line = text.readline()
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    text.seek(0)
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise FileRefusedError("Ligne d'en-têtes illisible.") from None
    _check_width(len(header))

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        number = 1
        try:
            for values in reader:
                number += 1
                if not any(value.strip() for value in values):
                    continue
                _check_height(number)
                _check_width(len(values))
                yield number, [Cell(_bounded(value)) for value in values]
        except csv.Error:
            raise FileRefusedError(
                f"Ligne {number + 1} illisible (guillemet non fermé ?) : corrigez le fichier."
            ) from None

    return Table([value.strip() for value in header], rows(), "csv")


# -------------------------------------------------------------------------- XLSX


def check_zip(data: bytes) -> None:
    """Refuse a zip whose parts would expand beyond the limits (before any parsing)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise FileRefusedError("Fichier XLSX endommagé : il ne s'ouvre pas.") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise FileRefusedError("Classeur refusé : il contient trop d'éléments.")
        total = 0
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > MAX_MEMBER_BYTES or ratio > MAX_COMPRESSION_RATIO:
                raise FileRefusedError(
                    "Classeur refusé : son contenu compressé se décompresse en un volume "
                    "anormal (bombe de décompression ?). Exportez-le en CSV."
                )
            total += member.file_size
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise FileRefusedError("Classeur refusé : son contenu décompressé est trop volumineux.")
        if "xl/workbook.xml" not in archive.namelist():
            raise FileRefusedError(
                "Ce fichier n'est pas un classeur XLSX : envoyez un fichier CSV ou XLSX."
            )


def _open_xlsx(data: bytes) -> Table:
    check_zip(data)
    import openpyxl  # type: ignore[import-untyped]  # only spreadsheet uploads need it

    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except Exception:  # openpyxl raises many kinds for a broken file
        raise FileRefusedError(
            "Fichier XLSX illisible : enregistrez-le à nouveau ou en CSV."
        ) from None
    sheet = workbook.worksheets[0]
    if sheet.max_row is not None and sheet.max_row - 1 > MAX_ROWS:
        workbook.close()
        _check_height(sheet.max_row)
    if sheet.max_column is not None:
        _check_width(sheet.max_column)
    cells = sheet.iter_rows()
    try:
        header_cells = next(cells)
    except StopIteration:
        workbook.close()
        raise FileRefusedError("Le classeur est vide.") from None
    header = [_xlsx_cell(cell).text.strip() for cell in header_cells]
    while header and not header[-1]:
        header.pop()

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        try:
            for number, row in enumerate(cells, start=2):
                _check_height(number)
                values = [_xlsx_cell(cell) for cell in row[: len(header) + 1]]
                if any(value.text.strip() or value.date for value in values):
                    yield number, values
        finally:
            workbook.close()

    return Table(header, rows(), "xlsx")


def _xlsx_cell(cell: object) -> Cell:
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value[:1] == "="):
        return Cell(str(value)[:50], formula=True)
    if value is None:
        return Cell("")
    if isinstance(value, dt.datetime):
        return Cell(value.strftime("%d/%m/%Y"), date=value.date())
    if isinstance(value, dt.date):
        return Cell(value.strftime("%d/%m/%Y"), date=value)
    if isinstance(value, float) and value.is_integer():
        return Cell(str(int(value)))
    return Cell(_bounded(str(value)))


# ------------------------------------------------------------------------ limits


def _bounded(value: str) -> str:
    return value[:MAX_CELL_CHARS]


def _check_width(columns: int) -> None:
    if columns > MAX_COLUMNS:
        raise FileRefusedError(
            f"Trop de colonnes ({columns}) : au plus {MAX_COLUMNS} ; utilisez le modèle."
        )


def _check_height(row_number: int) -> None:
    if row_number - 1 > MAX_ROWS:
        raise FileRefusedError(
            f"Trop de lignes : au plus {MAX_ROWS:,} par fichier ; découpez-le.".replace(",", " ")
        )
