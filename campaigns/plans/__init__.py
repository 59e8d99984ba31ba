"""Campaign plans: the campaign, its phased plan rows, team, membership figures, reminders and digests, and
the plan's PDF and spreadsheet. The base the organising tools build on; it never imports them."""
