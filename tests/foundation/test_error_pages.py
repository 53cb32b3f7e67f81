"""A server error shows a page in both languages that needs nothing from the request."""

from django.template.loader import render_to_string


def test_the_500_page_renders_without_a_request_in_both_languages():
    html = render_to_string("500.html")
    assert 'lang="ar" dir="rtl"' in html
    assert "حدث خطأ في الخادم" in html and "Server error" in html
