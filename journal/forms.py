"""Forms of the journal: outside contributions, bad-client reports, and the staff's actions."""

import re
import time
from pathlib import Path

import filetype
from django import forms
from django.conf import settings
from django.core import signing
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from journal.models import ArticlePage, BadClientReport, Contribution, JournalIssuePage

# Control characters (NUL and the like) are removed; tabs and line breaks stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# What a contributed file may be, judged by its content: extension -> MIME type.
ALLOWED_FILE_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "gif": "image/gif",
    "pdf": "application/pdf",
    "txt": "text/plain",
}
_MARKUP = re.compile(rb"<\s*(!doctype|html|script|svg|body|iframe|\?xml)", re.IGNORECASE)
TIMESTAMP_SALT = "journal.contribution.started"


def max_upload_bytes():
    return getattr(settings, "JOURNAL_CONTRIBUTION_MAX_UPLOAD", 5 * 1024 * 1024)


def min_seconds_to_fill():
    return getattr(settings, "JOURNAL_CONTRIBUTION_MIN_SECONDS", 5)


def start_token(now=None):
    """A signed timestamp put in the form when it is shown: a bot that answers at once is seen."""
    return signing.dumps({"t": int(now if now is not None else time.time())}, salt=TIMESTAMP_SALT)


class PlainTextField(forms.CharField):
    """Text as typed, less control characters (NUL bytes break databases and spreadsheets)."""

    def to_python(self, value):
        value = super().to_python(value)
        return _CONTROL.sub("", value) if value else value


def sniff_file_type(uploaded):
    """The MIME type of an upload read from its first bytes, or None when it is not allowed."""
    extension = Path(uploaded.name or "").suffix.lower().lstrip(".")
    expected = ALLOWED_FILE_TYPES.get(extension)
    if expected is None:
        return None
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    guessed = filetype.guess(head)
    if expected == "text/plain":
        # Plain text has no signature: it must decode, hold no NUL and no markup.
        if guessed is not None or b"\x00" in head or _MARKUP.search(head):
            return None
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut at the end of the sample is not an error.
            if error.start < len(head) - 4:
                return None
        return expected
    if guessed is None or guessed.mime != expected:
        return None
    return expected


class ContributionForm(forms.ModelForm):
    text = PlainTextField(
        label=_("Votre texte"),
        max_length=Contribution.MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Un témoignage, un poème, une idée, une colère : ce que vous voulez dire."),
        error_messages={
            "required": _("Écrivez votre texte avant d'envoyer."),
            "max_length": _(
                "Votre texte est trop long : au plus %(limit_value)d caractères "
                "(il en a %(show_value)d). Gardez-en une copie et raccourcissez-le, ou "
                "envoyez-le en fichier."
            ),
        },
    )
    pseudonym = PlainTextField(
        label=_("Pseudonyme (facultatif)"),
        max_length=100,
        required=False,
        help_text=_("Le nom sous lequel vous voulez être publiée. Vide : « anonyme »."),
    )
    contact = PlainTextField(
        label=_("Pour vous joindre (facultatif)"),
        max_length=200,
        required=False,
        help_text=_("Un courriel ou un numéro, seulement si vous voulez qu'on vous réponde."),
    )
    file = forms.FileField(
        label=_("Un fichier (facultatif)"),
        required=False,
        help_text=_("Une image (JPEG, PNG, WebP), un PDF ou un texte (.txt), 5 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.webp,.gif,.pdf,.txt"}),
    )
    consent = forms.BooleanField(
        label=_(
            "J'accepte que l'équipe du journal lise mon texte et puisse le publier, "
            "peut-être raccourci, sous mon pseudonyme ou sans nom. Je peux changer d'idée "
            "avant la publication en appelant L.U.N.E."
        ),
        error_messages={"required": _("Cochez la case pour dire que vous êtes d'accord.")},
    )
    # A field people never see: bots fill every field they find.
    website = forms.CharField(label=_("Ne pas remplir"), required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Contribution
        fields = ["text", "pseudonym", "contact", "file", "consent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        if not self.is_bound:
            self.initial["started"] = start_token()

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Ce champ doit rester vide."))
        return ""

    def clean_started(self):
        token = self.cleaned_data.get("started", "")
        max_age = getattr(settings, "JOURNAL_CONTRIBUTION_MAX_AGE", 2 * 24 * 60 * 60)
        try:
            started = signing.loads(token, salt=TIMESTAMP_SALT, max_age=max_age)["t"]
        except (signing.BadSignature, KeyError, TypeError):
            started = None
        if started is None:
            self.data = self.data.copy()
            self.data["started"] = start_token()
            raise forms.ValidationError(
                _("Le formulaire a expiré. Votre texte est gardé : envoyez-le de nouveau.")
            )
        if time.time() - started < min_seconds_to_fill():
            raise forms.ValidationError(
                _("Envoyé trop vite. Relisez votre texte, puis envoyez-le de nouveau.")
            )
        return token

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not uploaded:
            return None
        limit = max_upload_bytes()
        if uploaded.size > limit:
            raise forms.ValidationError(
                _("Le fichier est trop gros (%(size)s) : %(limit)s au plus.")
                % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)}
            )
        kind = sniff_file_type(uploaded)
        if kind is None:
            raise forms.ValidationError(
                _(
                    "Ce fichier n'est pas accepté : il doit être une image (JPEG, PNG, WebP), "
                    "un PDF ou un texte, et son contenu doit correspondre à son extension."
                )
            )
        self.file_type = kind
        return uploaded

    def save(self, commit=True):
        contribution = super().save(commit=False)
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            contribution.file_type = self.file_type
            contribution.original_filename = Path(uploaded.name).name[:200]
        if commit:
            contribution.save()
        return contribution


class BadClientReportForm(forms.ModelForm):
    description = PlainTextField(
        label=_("Ce qui s'est passé"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Décrivez la personne et ce qu'elle a fait. Pas votre nom ni le vôtre."),
    )
    area = PlainTextField(label=_("Secteur"), max_length=120)
    vehicle = PlainTextField(
        label=_("Véhicule (facultatif)"),
        max_length=150,
        required=False,
        help_text=_("Couleur, marque, une partie de la plaque."),
    )

    class Meta:
        model = BadClientReport
        fields = ["incident_date", "area", "contact_method", "vehicle", "description"]
        widgets = {"incident_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        labels = {"incident_date": _("Date"), "contact_method": _("Premier contact")}


class CreateArticleForm(forms.Form):
    """Staff turn a contribution into a draft article in an issue they choose."""

    issue = forms.ModelChoiceField(
        label=_("Numéro"),
        queryset=JournalIssuePage.objects.none(),
        empty_label=None,
    )
    section = forms.ChoiceField(label=_("Rubrique"), choices=ArticlePage.SECTIONS)
    title = forms.CharField(label=_("Titre de l'article"), max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issue"].queryset = JournalIssuePage.objects.order_by(
            "-publication_date", "-number"
        )
        self.fields["issue"].label_from_instance = lambda page: page.get_admin_display_title()
