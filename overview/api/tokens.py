"""The page where a user makes and revokes their API tokens. A new token is shown once, in the response to the
POST that made it, and never again: only its hash is stored."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from insourcing.access import get_for_user

from .forms import RevokeForm, TokenForm
from .models import ApiToken


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    form = TokenForm(request.POST or None)
    new_token = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            token, new_token = ApiToken.issue(user=request.user, name=form.cleaned_data["name"])
            form = TokenForm()
        else:
            status = 400
    tokens = ApiToken.objects.for_user(request.user)
    return render(request, "api/tokens.html", {"form": form, "tokens": tokens, "new_token": new_token}, status=status)


@login_required
@require_POST
def token_revoke(request):
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a token to revoke.")
        return redirect("api:tokens")
    token = get_for_user(ApiToken, request.user, edit=True, pk=form.cleaned_data["token"])
    if token.revoke():
        messages.success(request, f"Token “{token.name}” revoked: anything using it is refused from now on.")
    else:
        messages.info(request, f"Token “{token.name}” was already revoked.")
    return redirect("api:tokens")
