"""The public form partners fill to ask for a presentation or a training."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import PresentationRequest


class PresentationRequestForm(forms.ModelForm):
    # A field people never see (hidden by CSS, skipped by keyboard); robots fill it in.
    website = forms.CharField(
        label=_("Ne pas remplir ce champ"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = PresentationRequest
        fields = [
            "organization",
            "contact_name",
            "email",
            "phone",
            "topic",
            "audience",
            "preferred_dates",
            "place",
            "message",
        ]
        widgets = {
            "message": forms.Textarea(attrs={"rows": 5}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organization": forms.TextInput(attrs={"autocomplete": "organization"}),
        }

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and "email" not in self.errors:
            self.add_error("email", _("Donner un courriel ou un numéro de téléphone."))
        return cleaned

    def is_bot(self):
        return bool(self.cleaned_data.get("website"))
