"""The read API for regional reporting: JSON for spreadsheets and BI tools, scoped exactly like the pages."""
