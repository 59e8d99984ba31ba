"""Form help text is escaped for every form, not only where a view remembered to escape it."""

from crispy_forms.utils import render_crispy_form
from django import forms
from django.utils.html import format_html


class _Form(forms.Form):
    name = forms.CharField()
    place = forms.CharField()


def test_help_text_from_data_is_escaped_and_safe_markup_is_kept():
    form = _Form()
    form.fields["name"].help_text = "<script>alert(1)</script>"
    form.fields["place"].help_text = format_html("In the register now: <strong>{}</strong>", "<b>x</b>")
    html = render_crispy_form(form)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "In the register now: <strong>&lt;b&gt;x&lt;/b&gt;</strong>" in html
