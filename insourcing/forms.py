from django import forms

from .models import Branch


class BranchForm(forms.ModelForm):
    class Meta:
        model = Branch
        fields = ["name", "address", "email", "phone", "signatory_name", "signatory_position"]
        widgets = {"address": forms.Textarea(attrs={"rows": 4})}
