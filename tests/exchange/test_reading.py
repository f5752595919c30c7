"""Reading uploaded tables: CSV in either encoding and separator, XLSX streamed, hostile
files refused before they are parsed (issue #17, « Bad input »)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from clea_platform.exchange import reading
from clea_platform.exchange.reading import FileRefusedError, open_table


def texts(data: bytes) -> tuple[list[str], list[list[str]]]:
    table = open_table(data)
    return table.header, [[cell.text for cell in cells] for _, cells in table.rows]


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_windows_1252_csv_with_semicolons_reads_its_accents() -> None:
    data = "Nom;Prénom\nLefèvre;Hélène\n".encode("cp1252")

    assert texts(data) == (["Nom", "Prénom"], [["Lefèvre", "Hélène"]])


def test_a_utf8_csv_with_a_bom_and_commas_reads_the_same() -> None:
    data = "\ufeffNom,Prénom\nLefèvre,Hélène\n".encode()

    assert texts(data) == (["Nom", "Prénom"], [["Lefèvre", "Hélène"]])


def test_rows_are_numbered_as_a_spreadsheet_shows_them_and_blank_lines_are_skipped() -> None:
    table = open_table(b"Nom\nA\n\nB\n")

    assert [number for number, _ in table.rows] == [2, 4]


def test_bytes_that_no_known_encoding_decodes_are_refused() -> None:
    # 0x81 is undefined in Windows-1252 and invalid on its own in UTF-8.
    with pytest.raises(FileRefusedError, match="Encodage"):
        open_table(b"Nom\n\x81\x81\n")


def test_a_binary_file_is_not_a_spreadsheet() -> None:
    with pytest.raises(FileRefusedError, match="pas un tableur"):
        open_table(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_an_old_excel_file_is_refused_with_what_to_do() -> None:
    with pytest.raises(FileRefusedError, match=r"\.xlsx"):
        open_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)


def test_an_xlsx_is_read_row_by_row_with_its_dates() -> None:
    data = xlsx([["Nom", "Date de naissance"], ["Durand", dt.datetime(1990, 4, 12)]])

    table = open_table(data)
    rows = list(table.rows)

    assert table.header == ["Nom", "Date de naissance"]
    assert rows[0][0] == 2
    assert rows[0][1][0].text == "Durand"
    assert rows[0][1][1].date == dt.date(1990, 4, 12)


def test_a_formula_is_marked_so_that_it_is_refused_as_a_value() -> None:
    data = xlsx([["Nom"], ['=HYPERLINK("http://exemple.fr")']])

    ((_, cells),) = list(open_table(data).rows)

    assert cells[0].formula


def test_a_zip_bomb_is_refused_before_it_is_parsed() -> None:
    # 50 MB of zeros compress to about 50 KB: a ratio no real sheet reaches.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (50 * 1024 * 1024))

    with pytest.raises(FileRefusedError, match="bombe"):
        open_table(out.getvalue())


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "bonjour")

    with pytest.raises(FileRefusedError, match="pas un classeur"):
        open_table(out.getvalue())


def test_too_many_columns_are_refused() -> None:
    header = ";".join(f"c{i}" for i in range(reading.MAX_COLUMNS + 1))

    with pytest.raises(FileRefusedError, match="colonnes"):
        open_table(f"{header}\n".encode())


def test_too_many_rows_are_refused_while_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    table = open_table(b"Nom\n" + b"x\n" * 5)

    with pytest.raises(FileRefusedError, match="Trop de lignes"):
        list(table.rows)


def test_a_file_over_the_upload_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_UPLOAD_BYTES", 10)

    with pytest.raises(FileRefusedError, match="trop volumineux"):
        open_table(b"Nom\nDurand\nMartin\n")
