"""The list pages write their rows and filter fields in Python (insourcing/listrender.py, for speed): each must
be the markup django-tables2's `{% render_table %}` and crispy's `{{ form|crispy }}` write for the same table and
form, cell for cell, on every list page, sorted, on page 2, filtered to nothing and with a refused filter."""

import datetime
import itertools
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from campaigns.tests.factories import CampaignFactory, PlanRowFactory
from contracts.models import FoIRequest
from contracts.tests.factories import ComparisonFactory, ContractFactory, ProviderFactory, PublicAuthorityFactory
from insourcing import listrender
from insourcing.tests.factories import BranchFactory
from surveys.services import survey_create

pytestmark = pytest.mark.django_db

PAGES = [
    "/contracts/",
    "/contracts/?sort=-value",
    "/contracts/?sort=end_date&page=2",
    "/contracts/?service=nothing-matches",
    "/contracts/?ending_within=soon&authority=999999",  # refused: the fields show their errors
    "/branches/",
    "/authorities/?sort=-contract_count",
    "/providers/",
    "/foi/?sort=due_on",
    "/comparisons/",
    "/campaigns/?sort=-overdue_rows",
    "/surveys/",
]


def _normal(html: str) -> str:
    html = re.sub(r"\s+", " ", str(html))
    html = re.sub(r"\s*(<|>)\s*", r"\1", html)
    return (
        html.replace("<td >", "<td>")
        .replace("<th >", "<th>")
        .replace("<tbody >", "<tbody>")
        .replace("<thead >", "<thead>")
    )


@pytest.fixture
def register(branch_a, alice):
    """Every kind of cell: links, choices, dates, empty values shown as "unknown", yes/no, money, badges."""
    authority = PublicAuthorityFactory(branch=branch_a, name="Demo City Council & <Partners>")
    provider = ProviderFactory(name="Clean Co")
    today = datetime.date.today()
    for n in range(55):  # more than a page
        ContractFactory(
            branch=branch_a,
            authority=authority,
            provider=provider if n % 3 else None,
            service=f"Cleaning lot {n} <b>",
            value=Decimal("125000.50") * n if n % 4 else None,
            value_basis=["annual", "total", "unknown"][n % 3],
            end_date=today + datetime.timedelta(days=40 * n - 200) if n % 5 else None,
            staff_count=n if n % 2 else None,
        )
    contract = ContractFactory(branch=branch_a, authority=authority, service="Catering")
    ComparisonFactory(contract=contract)
    campaign = CampaignFactory(branch=branch_a, name="Bring catering home")
    campaign.target_contracts.add(contract)
    PlanRowFactory(campaign=campaign, is_draft=False, deadline=today - datetime.timedelta(days=3))
    FoIRequest.objects.create(branch=branch_a, authority=authority, owner=alice, body="x", subject="Costs")
    survey_create(contract=contract, user=alice)
    BranchFactory(region=branch_a.region, name="Second & Co")


@pytest.mark.parametrize("url", PAGES)
def test_rows_and_filters_are_the_markup_the_libraries_write(alice_client, register, url):
    response = alice_client.get(url)
    assert response.status_code == 200
    table, form = response.context["table"], response.context["filter"].form
    request = RequestFactory().get(url)
    request.user = response.wsgi_request.user

    # Rows alternate "even" and "odd" by a count kept on the table: each rendering starts from the same count.
    table._counter = itertools.count()
    ours = _normal(listrender.table_body(table))
    table._counter = itertools.count()
    theirs = Template("{% load django_tables2 %}{% render_table table %}").render(
        Context({"table": table, "request": request})
    )
    body = re.search(r"<tbody>(.*)</tbody>", _normal(theirs))[1]
    # The header row: labels, the sorted column's class and each column's sorting link with the page's filters.
    assert _normal(listrender.table_head(table, request)) == re.search(r"<thead>.*</thead>", _normal(theirs))[0]
    if "<tr><td colspan=" in body:  # the empty text: the page's own template writes it
        assert ours == ""
        assert table.empty_text in response.content.decode()
    else:
        assert ours == body
        assert ours.count("<tr ") == len(table.page.object_list)

    fields = listrender.filter_form(form)
    assert fields is not None
    crispy = Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))
    assert _normal(fields) == _normal(crispy)


def test_the_page_shows_the_rows_and_filters_it_wrote(alice_client, register):
    html = _normal(alice_client.get("/contracts/?sort=service").content.decode())
    assert html.count('<tr class="') == 50  # a page of 50 rows, the header row has no class
    assert "Cleaning lot 1 &lt;b&gt;" in html  # escaped once, not twice
    assert 'class="lead-in-cell"' in html
    assert '<label for="id_service" class="form-label">Service contains</label>' in html


def test_a_form_with_a_widget_it_does_not_know_goes_through_crispy():
    from django import forms

    class Form(forms.Form):
        kinds = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)

    assert listrender.filter_form(Form()) is None
