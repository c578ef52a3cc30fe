"""Two factors for staff and administrators (django-otp), lockout by username (django-axes).

Whoever can reach the admin or the staff area logs in with a password and a code: from an
authenticator app (TOTP) or a single-use backup code. An account without a device is sent to
set one up before anything else; a password reset never logs anyone in.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, user_has_device
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


def no_client_ip(request):
    """django-axes keys lockouts on the username only and stores no address."""
    return None


def needs_second_factor(user):
    """Staff and administrators: anyone who may enter the admin."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin")


def is_verified(user):
    verified = getattr(user, "is_verified", None)
    return bool(verified and verified())


def verify_token(user, token):
    """The confirmed device that accepts `token`, or None. App codes are tried first."""
    token = "".join(token.split())
    devices = sorted(
        devices_for_user(user, confirmed=True),
        key=lambda device: 0 if device.__class__.__name__ == "TOTPDevice" else 1,
    )
    for device in devices:
        allowed, _extra = device.verify_is_allowed()
        if allowed and device.verify_token(token):
            return device
    return None


class SecondFactorFormMixin(forms.Form):
    otp_token = forms.CharField(
        label=_("Code de vérification"),
        required=False,
        max_length=16,
        help_text=_("Équipe seulement : le code de votre application, ou un code de secours."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user, confirmed=True):
            token = (cleaned_data.get("otp_token") or "").strip()
            if not token:
                raise forms.ValidationError(
                    _("Entrez votre code de vérification."), code="token_required"
                )
            device = verify_token(user, token)
            if device is None:
                raise forms.ValidationError(
                    _("Code de vérification incorrect ou déjà utilisé."), code="invalid_token"
                )
            # django-otp's login signal marks the session verified with this device.
            user.otp_device = device
        return cleaned_data


class AdminLoginForm(SecondFactorFormMixin, WagtailLoginForm):
    """Wagtail's admin login (WAGTAILADMIN_USER_LOGIN_FORM), with the second factor."""


class SiteLoginForm(SecondFactorFormMixin, AuthenticationForm):
    """The front-end login (/connexion/), with the same second factor for the staff."""


ALWAYS_ALLOWED = ("login", "logout", "password_reset", "two_factor_setup", "jsi18n")


class RequireSecondFactorMiddleware:
    """In the admin, staff must have a verified second factor; the account without one sets it up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(settings, "LUNE_REQUIRE_SECOND_FACTOR", True) and request.path.startswith(
            "/admin/"
        ):
            refusal = self.refuse(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def refuse(self, request):
        user = request.user
        if not needs_second_factor(user) or is_verified(user):
            return None
        match = getattr(request, "resolver_match", None)
        name = match.url_name if match else ""
        if any(
            part in request.path
            for part in ("/login/", "/logout/", "/password_reset/", "/deux-facteurs/", "/jsi18n/")
        ):
            return None
        if name in ALWAYS_ALLOWED:
            return None
        if user_has_device(user, confirmed=True):
            # A session without its second factor (e.g. an old one): log in again.
            logout(request)
            return redirect(f"{reverse('wagtailadmin_login')}?next={request.path}")
        return redirect("two_factor_setup")


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code à 6 chiffres affiché par l'application"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


BACKUP_TOKEN_COUNT = 10


def setup_view(request):
    """Set up an authenticator app, then show single-use backup codes once."""
    import base64

    import segno
    from django.template.response import TemplateResponse
    from django_otp import login as otp_login
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = request.user
    if user_has_device(user, confirmed=True):
        return TemplateResponse(request, "lune_site/two_factor_setup.html", {"done": True})
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Application", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token("".join(form.cleaned_data["token"].split())):
            device.confirmed = True
            device.save()
            backup = StaticDevice.objects.create(user=user, name="Codes de secours")
            codes = [StaticToken.random_token() for _ in range(BACKUP_TOKEN_COUNT)]
            backup.token_set.bulk_create(StaticToken(device=backup, token=c) for c in codes)
            otp_login(request, device)
            return TemplateResponse(
                request, "lune_site/two_factor_setup.html", {"codes": codes, "done": True}
            )
        form.add_error("token", _("Ce code ne correspond pas. Vérifiez l'heure du téléphone."))
    return TemplateResponse(
        request,
        "lune_site/two_factor_setup.html",
        {
            "form": form,
            "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=4),
            "secret": base64.b32encode(device.bin_key).decode(),
        },
    )
