from django import forms

from contracts.register.models import PublicAuthority

from .models import FollowedAuthority, normalise_identifier


class FollowedAuthorityForm(forms.ModelForm):
    class Meta:
        model = FollowedAuthority
        fields = ["name", "identifiers", "authority"]
        labels = {"authority": "In the register as"}

    def __init__(self, *args, branch, authority_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["authority"]
        field.queryset = PublicAuthority.objects.filter(branch=branch).order_by("name")
        field.empty_label = "Not in the register yet"
        if authority_choices is not None:
            field.choices = authority_choices  # read once for the whole list, not once per row

    def clean_identifiers(self):
        parts = [p.strip() for p in self.cleaned_data["identifiers"].split(",") if p.strip()]
        bad = [p for p in parts if not normalise_identifier(p)]
        if bad:
            raise forms.ValidationError(f"“{bad[0]}” is not an identifier: write a scheme and id, e.g. GB-LAE:LDS.")
        return ", ".join(parts)


class BaseWatchListFormSet(forms.BaseModelFormSet):
    def __init__(self, *args, branch, **kwargs):
        self.branch = branch
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        if not hasattr(self, "_authority_choices"):
            authorities = PublicAuthority.objects.filter(branch=self.branch).order_by("name")
            self._authority_choices = [("", "Not in the register yet")] + [(a.pk, a.name) for a in authorities]
        return {**super().get_form_kwargs(index), "branch": self.branch, "authority_choices": self._authority_choices}

    @property
    def empty_form(self):
        form = self.form(auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"), branch=self.branch)
        self.add_fields(form, None)
        return form

    def clean(self):
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data.get("name") and not f.cleaned_data.get("DELETE")]
        names = [f.cleaned_data["name"].casefold() for f in kept]
        if len(names) != len(set(names)):
            raise forms.ValidationError("Each authority can be followed once: two rows have the same name.")
        # Rows already followed but not on this page's rows (another officer added one meanwhile, or a row's
        # hidden id was lost) would otherwise reach the database's unique constraint as a server error.
        shown = {f.instance.pk for f in self.forms if f.instance.pk}
        elsewhere = {
            name.casefold(): name
            for name in FollowedAuthority.objects.filter(branch=self.branch)
            .exclude(pk__in=shown)
            .values_list("name", flat=True)
        }
        for form in kept:
            if form.cleaned_data["name"].casefold() in elsewhere and not form.instance.pk:
                raise forms.ValidationError(
                    f"{elsewhere[form.cleaned_data['name'].casefold()]} is already on the watch list: "
                    "each authority can be followed once."
                )


WatchListFormSet = forms.modelformset_factory(
    FollowedAuthority, form=FollowedAuthorityForm, formset=BaseWatchListFormSet, extra=2, can_delete=True
)
