from django.urls import reverse

from campaigns.models import BusinessCase
from campaigns.tests.factories import make_campaign


def test_an_unwritten_business_case_shows_the_guides_four_dimensions(alice_client, branch_a):
    campaign = make_campaign(branch_a)
    content = alice_client.get(reverse("campaigns:business_case", kwargs={"pk": campaign.pk})).content.decode()
    for heading in ("Benefits", "Costs", "Timescale", "Risks"):
        assert f">{heading}</h3>" in content
    assert "avoids the risk of a contractor folding" in content
    assert content.count("Not written yet.") == 4
    assert not BusinessCase.objects.exists()


def test_officer_writes_then_updates_the_business_case(alice_client, branch_a):
    campaign = make_campaign(branch_a)
    url = reverse("campaigns:business_case_edit", kwargs={"pk": campaign.pk})
    data = {"benefits": "Staff on NJC terms", "costs": "£120,000 a year more", "timescale": "18 months", "risks": ""}
    assert alice_client.post(url, data).status_code == 302
    alice_client.post(url, data | {"risks": "TUPE liabilities"})
    case = BusinessCase.objects.get()
    assert (case.campaign, case.benefits, case.risks) == (campaign, "Staff on NJC terms", "TUPE liabilities")
    content = alice_client.get(reverse("campaigns:business_case", kwargs={"pk": campaign.pk})).content.decode()
    assert "£120,000 a year more" in content


def test_business_case_edit_refuses_delete_and_put(alice_client, branch_a):
    campaign = make_campaign(branch_a)
    assert alice_client.delete(reverse("campaigns:business_case_edit", kwargs={"pk": campaign.pk})).status_code == 405
    assert alice_client.post(reverse("campaigns:business_case", kwargs={"pk": campaign.pk})).status_code == 405
