"""The shared list page's table rows and filter fields (see `insourcing.listrender`)."""

from django import template

from insourcing import listrender

register = template.Library()


@register.simple_tag(takes_context=True)
def table_head(context, table):
    return listrender.table_head(table, context["request"])


@register.simple_tag
def table_body(table):
    return listrender.table_body(table)


@register.simple_tag
def filter_fields(form):
    return listrender.filter_form(form)
