import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from campaigns.models import DecisionMeeting, PowerMapContact, PowerMapPerson
from campaigns.organising.charts import power_map_svg
from campaigns.organising.services import decision_calendar
from campaigns.tests.factories import make_campaign, make_meeting, make_person

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("count", [0, 50])
def test_the_power_map_chart_is_valid_svg_with_a_title_description_and_one_marker_per_person(count):
    people = [PowerMapPerson(name=f"Person <{n}> & co", influence=n % 5 + 1, stance=n % 5 - 2) for n in range(count)]
    root = ET.fromstring(power_map_svg(people, title="Power map: cleaning"))  # noqa: S314 (our own output)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Power map: cleaning"
    assert root.find(f"{SVG}desc").text
    markers = root.findall(f"{SVG}g")
    assert len(markers) == count
    labels = sorted(int(g.find(f"{SVG}text").text) for g in markers)
    assert labels == list(range(1, count + 1))
    if count:
        assert markers[0].find(f"{SVG}title").text == "1. Person <0> & co"
    else:
        assert "No one on the power map yet" in "".join(root.itertext())


def test_people_sharing_a_square_do_not_overlap():
    people = [PowerMapPerson(name=f"P{n}", influence=5, stance=2) for n in range(9)]
    root = ET.fromstring(power_map_svg(people))  # noqa: S314 (our own output)
    centres = {(p.get("points").split()[0]) for p in root.iter(f"{SVG}polygon")}
    assert len(centres) == 9


def test_officer_adds_a_person_influenced_only_by_people_of_the_same_campaign(alice_client, branch_a):
    campaign = make_campaign(branch_a)
    leader = make_person(branch_a, campaign=campaign, name="Cllr Leader")
    elsewhere = make_person(branch_a, name="Someone else's campaign")
    url = reverse("campaigns:person_add", kwargs={"pk": campaign.pk})
    data = {
        "name": "Cllr Ann Smith",
        "role": "Chair of scrutiny",
        "organisation": "Demo City Council",
        "party_or_body": "Independent",
        "influence": "4",
        "stance": "1",
        "motivations": "Value for money",
        "next_election_on": "2027-05-06",
    }
    refused = alice_client.post(url, data | {"influenced_by": [elsewhere.pk]})
    assert refused.status_code == 200
    assert not PowerMapPerson.objects.filter(name="Cllr Ann Smith").exists()
    assert alice_client.post(url, data | {"influenced_by": [leader.pk]}).status_code == 302
    person = PowerMapPerson.objects.get(name="Cllr Ann Smith")
    assert (person.campaign, person.influence, person.stance) == (campaign, 4, 1)
    assert list(person.influenced_by.all()) == [leader]
    assert list(leader.influences.all()) == [person]
    content = alice_client.get(reverse("campaigns:power_map", kwargs={"pk": campaign.pk})).content.decode()
    assert "Cllr Ann Smith" in content
    assert "Leaning in favour" in content
    assert "6 May 2027" in content
    assert "<svg" in content


def test_influence_outside_one_to_five_is_refused(alice_client, branch_a):
    person = make_person(branch_a)
    response = alice_client.post(
        reverse("campaigns:person_edit", kwargs={"pk": person.pk}),
        {"name": person.name, "role": person.role, "influence": "9", "stance": "0"},
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.influence == 5


def test_a_contact_is_recorded_in_the_persons_history_and_can_be_deleted(alice_client, branch_a):
    person = make_person(branch_a)
    alice_client.post(
        reverse("campaigns:contact_add", kwargs={"pk": person.pk}),
        {"date": "2026-10-02", "kind": "surgery", "summary": "Agreed to ask for the options appraisal"},
    )
    contact = PowerMapContact.objects.get()
    assert (contact.person, contact.kind) == (person, "surgery")
    content = alice_client.get(reverse("campaigns:power_map", kwargs={"pk": person.campaign_id})).content.decode()
    assert "2 October 2026, surgery: Agreed to ask for the options appraisal" in content
    delete = reverse("campaigns:contact_delete", kwargs={"pk": contact.pk})
    assert alice_client.get(delete).status_code == 405
    alice_client.post(delete)
    assert not PowerMapContact.objects.exists()


def test_the_decision_calendar_orders_meetings_and_elections_and_flags_the_deciding_one(alice_client, branch_a):
    campaign = make_campaign(branch_a)
    make_person(branch_a, campaign=campaign, name="Cllr B", next_election_on=datetime.date(2027, 5, 6))
    make_person(branch_a, campaign=campaign, name="Cllr A", next_election_on=datetime.date(2027, 5, 6))
    make_meeting(
        branch_a, campaign=campaign, kind="scrutiny", title="Scrutiny: contract review", date=datetime.date(2027, 1, 20)
    )
    url = reverse("campaigns:meeting_add", kwargs={"pk": campaign.pk})
    alice_client.post(
        url, {"kind": "cabinet", "title": "Cabinet: future of cleaning", "date": "2027-03-10", "decides_contract": "on"}
    )
    meeting = DecisionMeeting.objects.get(kind="cabinet")
    assert meeting.decides_contract
    entries = decision_calendar(campaign, list(campaign.power_map.all()))
    assert [(e.date.isoformat(), e.title, e.decides_contract) for e in entries] == [
        ("2027-01-20", "Scrutiny: contract review", False),
        ("2027-03-10", "Cabinet: future of cleaning", True),
        ("2027-05-06", "Election: Cllr A, Cllr B", False),
    ]
    content = alice_client.get(reverse("campaigns:power_map", kwargs={"pk": campaign.pk})).content.decode()
    assert (
        f'Decides the contract:</strong> <a href="{meeting.get_absolute_url()}">Cabinet: future of cleaning</a>'
        in content
    )


def test_officer_edits_and_deletes_people_and_meetings(alice_client, branch_a):
    meeting = make_meeting(branch_a)
    alice_client.post(
        reverse("campaigns:meeting_edit", kwargs={"pk": meeting.pk}),
        {"kind": "council", "title": "Full council", "date": "2027-02-02"},
    )
    meeting.refresh_from_db()
    assert (meeting.kind, meeting.title) == ("council", "Full council")
    alice_client.post(reverse("campaigns:meeting_delete", kwargs={"pk": meeting.pk}))
    assert not DecisionMeeting.objects.exists()
    person = make_person(branch_a)
    assert alice_client.get(reverse("campaigns:person_delete", kwargs={"pk": person.pk})).status_code == 405
    alice_client.post(reverse("campaigns:person_delete", kwargs={"pk": person.pk}))
    assert not PowerMapPerson.objects.exists()
