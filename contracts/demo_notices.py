"""Demo data for the notices watch (found by seed_demo as `contracts/demo_*.py`, after the register's demo).

`make run` reads no feed unless NOTICES_FETCH_ENABLED is set, so the demo branch follows its register's
authorities and has one example contract change notice waiting for review. The notice is the demo's own (Demo
City Council is fictional): it has no public page to link to.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from contracts.notices.matching import branch_notices_for
from contracts.notices.models import BranchNotice, FollowedAuthority, Notice, NoticeKind, Source
from contracts.notices.services import watch_list_seed
from contracts.register.models import Contract


def seed_demo(tenancy, stdout) -> None:
    city = tenancy.branches["demo-city"]
    watch_list_seed(branch=city)
    cleaning = Contract.objects.filter(branch=city, reference="DEMO-CLEAN-01").first()
    if cleaning is None or cleaning.end_date is None:
        return
    new_end = cleaning.end_date + relativedelta(months=12)
    notice, created = Notice.objects.get_or_create(
        source=Source.FIND_A_TENDER,
        release_id="DEMO-CLEAN-01-change-1",
        defaults={
            "ocid": "DEMO-CLEAN-01",
            "kind": NoticeKind.CHANGE,
            "tags": ["contractAmendment"],
            "title": cleaning.service,
            "buyer_name": cleaning.authority.name,
            "references": ["DEMO-CLEAN-01"],
            "published": timezone.now() - datetime.timedelta(days=1),
            "values": {"service": cleaning.service, "end_date": new_end.isoformat()},
        },
    )
    if created:
        followed = list(FollowedAuthority.objects.filter(branch=city).select_related("authority"))
        BranchNotice.objects.bulk_create(branch_notices_for([notice], followed), ignore_conflicts=True)
        stdout.write("Notices: Demo City follows its register's authorities; one contract change notice to review.")
