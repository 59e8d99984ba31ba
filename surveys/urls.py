from django.urls import path, register_converter

from .links import ShortCodeConverter
from .views import member, officer, results

register_converter(ShortCodeConverter, "shortcode")

app_name = "surveys"

urlpatterns = [
    # Members: public, reached by the survey's unguessable token.
    # The short link typed from a poster: looked up (rate-limited) and sent on to the token link. Listed first;
    # its pattern never matches a token (see links.PATTERN).
    path("s/<shortcode:code>/", member.member_short, name="member_short"),
    path("s/<str:token>/", member.member_start, name="member_start"),
    path("s/<str:token>/<int:page>/", member.member_page, name="member_page"),
    path("s/<str:token>/thanks/", member.member_thanks, name="member_thanks"),
    # Officers and organisers.
    path("surveys/", officer.SurveyListView.as_view(), name="survey_list"),
    path("contracts/<int:contract_pk>/surveys/new/", officer.survey_create, name="survey_create"),
    path("surveys/<int:pk>/", officer.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/edit/", officer.survey_edit, name="survey_edit"),
    path("surveys/<int:pk>/open/", officer.survey_open, name="survey_open"),
    path("surveys/<int:pk>/close/", officer.survey_close, name="survey_close"),
    path("surveys/<int:pk>/new-link/", officer.survey_new_link, name="survey_new_link"),
    path("surveys/<int:pk>/poster/", officer.survey_poster, name="survey_poster"),
    path("surveys/<int:pk>/paper-questionnaire/", officer.survey_paper_pdf, name="survey_paper_pdf"),
    path("surveys/<int:pk>/questions/", officer.survey_questions, name="survey_questions"),
    path("surveys/<int:pk>/questions/add/", officer.question_add, name="question_add"),
    path("surveys/<int:pk>/questions/<int:question_pk>/edit/", officer.question_edit, name="question_edit"),
    path("surveys/<int:pk>/questions/<int:question_pk>/move/", officer.question_move, name="question_move"),
    path("surveys/<int:pk>/questions/<int:question_pk>/drop/", officer.question_drop, name="question_drop"),
    path("surveys/<int:pk>/codes/", officer.survey_codes, name="survey_codes"),
    path("surveys/<int:pk>/translations/", officer.survey_translations, name="survey_translations"),
    path("surveys/<int:pk>/translations/<str:language>/", officer.translation_edit, name="translation_edit"),
    path("surveys/<int:pk>/paper/", officer.paper_response, name="paper_response"),
    path("surveys/<int:pk>/paper/contact-slip/", officer.paper_contact, name="paper_contact"),
    path("surveys/<int:pk>/results/", results.survey_results_page, name="survey_results"),
    path("surveys/<int:pk>/results/text/<int:question_pk>/", results.text_answers, name="text_answers"),
    path("surveys/<int:pk>/results/export/", results.survey_export, name="survey_export"),
    path("surveys/<int:pk>/results/export.csv", results.survey_export_csv, name="survey_export_csv"),
    path("surveys/<int:pk>/contacts/", results.survey_contacts, name="survey_contacts"),
    path("surveys/<int:pk>/contacts/<uuid:contact_pk>/delete/", results.contact_delete, name="contact_delete"),
]
