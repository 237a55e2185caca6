"""Made files are named one way (kizuna.core.downloads): saved or shown, with a Japanese name kept readable."""

from urllib.parse import quote

from kizuna.core.downloads import file_response, pdf_response


def test_a_made_file_is_saved_under_its_name_or_shown_in_the_browser():
    saved = pdf_response(b"%PDF-1.7", "grant-letter-1.pdf")
    shown = pdf_response(b"%PDF-1.7", "kizuna-sign.pdf", inline=True)
    assert (saved["Content-Type"], saved["Content-Disposition"]) == ("application/pdf",
                                                                     'attachment; filename="grant-letter-1.pdf"')
    assert shown["Content-Disposition"] == 'inline; filename="kizuna-sign.pdf"'


def test_a_japanese_file_name_is_given_in_its_encoded_form_and_quotes_cannot_break_the_header():
    japanese = file_response("a,b\n", "text/csv; charset=utf-8", "姉妹都市一覧.csv")
    assert japanese["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('姉妹都市一覧.csv')}"
    quoted = file_response(b"x", "text/plain", 'a"; evil=1.txt')
    assert quoted["Content-Disposition"] == 'attachment; filename="a\\"; evil=1.txt"'
