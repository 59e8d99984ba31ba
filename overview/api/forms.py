from django import forms


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What will use this token?",
        max_length=100,
        help_text="A name to recognise it by, e.g. “Regional spreadsheet”.",
    )


class RevokeForm(forms.Form):
    token = forms.IntegerField(widget=forms.HiddenInput)
