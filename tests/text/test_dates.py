import pytest

from converter.text.dates import date_variable, parse_date, parse_year


@pytest.mark.parametrize("text, parts", [
    ("2025-04-01", [2025, 4, 1]), ("2025-04", [2025, 4]), ("2025", [2025]), ("2024/2/29", [2024, 2, 29]),
    (" 2016-12-01 ", [2016, 12, 1]), ("2022-01-27T01:47:09.787Z", [2022, 1, 27]),
])
def test_parse_date(text, parts):
    assert parse_date(text) == parts


@pytest.mark.parametrize("text", ["", "April 2025", "2025-13-01", "2023-02-29", "20250401", "25-04-01"])
def test_invalid_dates(text):
    assert parse_date(text) is None


def test_parse_year():
    assert parse_year(2025) == 2025
    assert parse_year("1950") == 1950
    assert parse_year(True) is None
    assert parse_year("twenty") is None
    assert parse_year(None) is None


def test_date_variable():
    assert date_variable([2025, 4]) == {"date-parts": [[2025, 4]]}
