from django.urls import reverse

from campaigns.models import OrganisingWording
from campaigns.organising.guide import ENTRIES
from campaigns.organising.services import branch_wording as wording


def _url(branch):
    return reverse("campaigns:organising_wording", kwargs={"slug": branch.slug})


def test_the_branch_starts_with_the_guides_wording(alice_client, branch_a):
    form = alice_client.get(_url(branch_a)).context["form"]
    assert form["recruitment.events"].value() == "Holding a series of recruitment events"
    assert wording(branch_a) == {key: entry.text for key, entry in ENTRIES.items()}


def test_officer_rewords_a_suggestion_and_blank_goes_back_to_the_guide(alice_client, branch_a, branch_a2):
    data = {key: entry.text for key, entry in ENTRIES.items()}
    data["recruitment.events"] = "Monthly breakfast stalls"
    data["argument.private-profits"] = ""
    assert alice_client.post(_url(branch_a), data).status_code == 302
    assert list(OrganisingWording.objects.values_list("branch", "key", "text")) == [
        (branch_a.pk, "recruitment.events", "Monthly breakfast stalls")
    ]
    assert wording(branch_a)["recruitment.events"] == "Monthly breakfast stalls"
    assert wording(branch_a)["argument.private-profits"] == ENTRIES["argument.private-profits"].text
    assert wording(branch_a2)["recruitment.events"] == "Holding a series of recruitment events"
    alice_client.post(_url(branch_a), data | {"recruitment.events": ""})
    assert not OrganisingWording.objects.exists()


def test_organiser_reads_the_wording_without_a_form(olive_client, branch_a):
    content = olive_client.get(_url(branch_a)).content.decode()
    assert "Holding a series of recruitment events" in content
    assert "Save wording" not in content
