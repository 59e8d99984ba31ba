"""The shared list page's table body and filter form, written in Python with the markup the libraries write.

django-tables2's `{% render_table %}` works out, for every cell, which arguments each `render_<column>` takes
(`inspect.signature`), the cell's attributes and its link; crispy-forms renders each filter field through a
dozen templates. At 50 rows that was 95% of the contract list's CPU, three times Django admin's changelist for
the same rows (issue #21). Here the same work is done once per column, and each cell is then a few Python calls.
The columns stay defined in one place, each app's `tables.Table` (headers, ordering, pagination and exports go
through django-tables2 as before); the HTML is the libraries' own, which `insourcing/tests/test_listrender.py`
checks against them cell for cell and field for field.
"""

import copy
import functools
import html
import inspect
import re
from collections.abc import Callable

from django.db import models
from django.forms import widgets
from django.forms.models import ModelChoiceIterator
from django.template.defaultfilters import date as date_filter
from django.utils.encoding import force_str
from django.utils.formats import localize
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django_filters import fields as filter_fields
from django_tables2.columns import BooleanColumn
from django_tables2.columns.base import Column, LinkTransform
from django_tables2.utils import Accessor, signature

_DATE_TEMPLATE = re.compile(r'\{\{ value\|date:"([^"]*)"\|default:default \}\}')
_ALL_ARGUMENTS = ("value", "record", "column", "bound_column", "bound_row", "table")


def _arguments(func) -> tuple[str, ...]:
    """Which of django-tables2's optional cell arguments `func` takes (its `call_with_appropriate`, once)."""
    parameters = inspect.signature(func).parameters.values()
    if any(p.kind is p.VAR_KEYWORD for p in parameters):
        return _ALL_ARGUMENTS
    return tuple(p.name for p in parameters if p.name in _ALL_ARGUMENTS)


def _has_callables(attrs) -> bool:
    return any(callable(v) or (isinstance(v, dict) and _has_callables(v)) for v in attrs.values())


def _getter(accessor: Accessor, model) -> Callable[[object], object]:
    """A function giving the cell's value for a model record, as `BoundRow._get_and_render_with` finds it:
    a choice field's label, a callable's result, None when a relation on the way is empty."""
    bits = [bit for bit in accessor.bits if bit]
    field = accessor.get_field(model) if model is not None else None
    display = f"get_{bits[-1]}_display" if bits and getattr(field, "choices", None) else None
    path, last = bits[:-1], bits[-1] if bits else None
    label = _choice_label(field, display) if display is not None else None

    def value(record):
        current = record
        for bit in path:
            current = getattr(current, bit, None)
            if current is None:
                return None
        if last is None:
            return current
        if display is not None and isinstance(current, models.Model):
            return label(current) if label is not None else getattr(current, display)()
        current = getattr(current, last, None)
        # As `Accessor.resolve`: call methods, but not managers or anything that alters data.
        if callable(current) and not getattr(current, "do_not_call_in_templates", False):
            if getattr(current, "alters_data", False):
                return None
            current = current()
        return current

    return value


def _choice_label(field, display: str) -> Callable[[models.Model], object] | None:
    """Django's own `get_<field>_display` (`Model._get_FIELD_display`) with the choices made into a dict once per
    column rather than once per cell; None when the model defines its own `get_<field>_display`."""
    method = inspect.getattr_static(field.model, display, None)
    if not (isinstance(method, functools.partialmethod) and method.func is models.Model._get_FIELD_display):
        return None
    labels = dict(make_hashable(field.flatchoices))
    model, attname = field.model, field.attname

    def label(record):
        if type(record) is not model:  # a subclass may have its own
            return getattr(record, display)()
        value = getattr(record, attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)

    return label


class _Column:
    """What django-tables2 decides per cell, decided once for one bound column."""

    def __init__(self, table, bound_column, model):
        column = bound_column.column
        self.bound_column = bound_column
        self.column = column
        self.table = table
        self.td = bound_column.attrs["td"].as_html()  # format_html_join: escaped
        self.default = bound_column.default
        self.empty_values = column.empty_values
        self.value = _getter(Accessor(bound_column.accessor), model)
        self.render = bound_column.render
        own_render = self.render == column.render
        # No render_<name> on the table and no render of the column's own: the cell is the value itself.
        self.plain = own_render and type(column).render is Column.render
        # A DateColumn renders a one-line template per cell (compiled anew each time): `value|date:"j F Y"`.
        date_template = _DATE_TEMPLATE.fullmatch(getattr(column, "template_code", None) or "")
        self.date_format = date_template[1] if own_render and date_template else None
        self.render_arguments = _arguments(self.render)
        # BooleanColumn's cell depends on the value alone (its field's choices are the model's): two outputs, kept.
        self.by_value = {} if own_render and type(column).render is BooleanColumn.render else None
        link = bound_column.link
        self.link = link
        # linkify=True: the record's (or the accessed object's) own page, without the general machinery.
        self.own_page = isinstance(link, LinkTransform) and not link.attrs and not link.url and not link.reverse_args
        self.link_accessor = (
            Accessor(link.accessor if link.accessor is not None else bound_column.name) if link is not None else None
        )
        # A link whose href a callable gives (EmailColumn's `mailto:`), with no attributes of its own: which of the
        # cell's arguments the callable takes is worked out here once, not per cell (`call_with_appropriate`).
        self.url_arguments = None
        # A link to a named URL (`linkify=("view", {"pk": A("pk")})`) with no attributes: only the reverse per cell.
        self.by_reverse = (
            isinstance(link, LinkTransform)
            and not link.url
            and not link.attrs
            and link.reverse_args.get("viewname") is not None
        )
        if isinstance(link, LinkTransform) and callable(link.url) and not link.attrs:
            names, catch_all = signature(link.url)
            self.url_arguments = _ALL_ARGUMENTS if catch_all else tuple(names)
            self.url_never = not catch_all and any(name not in _ALL_ARGUMENTS for name in names)
        self.localize = bound_column.localize

    def cell(self, record, row) -> str:
        value = self.value(record)
        if self.empty_values and value in self.empty_values:
            content = self.default
        else:
            if self.plain:
                content = value
            elif self.date_format is not None:
                content = conditional_escape(date_filter(template_localtime(value), self.date_format) or self.default)
            elif self.by_value is not None and isinstance(value, bool | None) and value in self.by_value:
                content = self.by_value[value]
            else:
                given = {"value": value, "record": record, "column": self.column}
                given.update(bound_column=self.bound_column, bound_row=row, table=self.table)
                content = self.render(**{name: given[name] for name in self.render_arguments})
                if self.by_value is not None and isinstance(value, bool | None):
                    self.by_value[value] = content
            if self.link is not None:
                content = self._linked(content, record, value, row)
        # The template's `{{ cell }}`, `|localize` or `|unlocalize`; markup and plain text (most cells) first.
        kind = type(content)
        if kind is SafeString:
            return content
        if kind is str:
            return html.escape(content)
        if self.localize is None:
            return conditional_escape(localize(content))
        return conditional_escape(localize(content, use_l10n=self.localize))

    def _linked(self, content, record, value, row):
        if self.own_page:
            target = self.link_accessor.resolve(record, quiet=True)
            if not hasattr(target, "get_absolute_url"):
                target = record
            return format_html('<a href="{}">{}</a>', target.get_absolute_url(), content)
        if self.by_reverse:
            return format_html('<a href="{}">{}</a>', self.link.call_reverse(record=record), content)
        if self.url_arguments is not None:
            if self.url_never:  # `call_with_appropriate` gives None: no link
                return content
            given = {"value": value, "record": record, "column": self.column}
            given.update(bound_column=self.bound_column, bound_row=row, table=self.table)
            href = self.link.url(**{name: given[name] for name in self.url_arguments})
            return content if href is None else format_html('<a href="{}">{}</a>', href, content)
        return self.link(
            content,
            value=value,
            record=record,
            column=self.column,
            bound_column=self.bound_column,
            bound_row=row,
            table=self.table,
        )


def table_head(table, request) -> SafeString:
    """The `<thead>` with its sorting links, as django-tables2's bootstrap5 template writes it."""
    if not table.show_header:
        return mark_safe("")
    query = dict(request.GET)
    field = table.prefixed_order_by_field
    cells = []
    for column in table.columns:
        header = conditional_escape(column.header)
        if column.orderable:  # `{% querystring_replace %}`: this request's query with the column's next order
            link = escape("?" + urlencode({**query, field: column.order_by_alias.next}, doseq=True))
            header = f'<a href="{link}">{header}</a>'
        cells.append(f'<th {column.attrs["th"].as_html()} scope="col">{header}</th>')
    thead = getattr(table.attrs.get("thead"), "as_html", str)()  # `{{ table.attrs.thead.as_html }}`
    return mark_safe(f"<thead {thead}><tr>{''.join(cells)}</tr></thead>")  # noqa: S308  (escaped above)


def table_body(table) -> SafeString:
    """The `<tr>`s of the table's current page, as `{% render_table %}` writes them."""
    rows = table.paginated_rows
    model = getattr(table._meta, "model", None)
    columns = list(table.columns)
    slow = _has_callables(table.attrs) or any(_has_callables(c.column.attrs) for c in columns)
    fast_rows = not table.row_attrs
    if not columns:
        return mark_safe("")
    compiled = None if slow else [_Column(table, c, model) for c in columns]
    out = []
    for row in rows:
        record = row.record
        attrs = f'class="{row.get_even_odd_css_class()}"' if fast_rows else row.attrs.as_html()
        out.append(f"<tr {attrs}>")
        if compiled is None:
            for column, cell in row.items():
                out.append(f"<td {column.attrs['td'].as_html()}>{_localised(column, cell)}</td>")
        else:
            for column in compiled:
                out.append(f"<td {column.td}>{column.cell(record, row)}</td>")
        out.append("</tr>")
    return mark_safe("".join(out))  # noqa: S308  (every cell escaped or safe from format_html)


def _localised(column, cell):
    if column.localize is None:
        return conditional_escape(localize(cell))
    return conditional_escape(localize(cell, use_l10n=column.localize))


# --- the filter form ---------------------------------------------------------------------------------------------

# Widgets written here exactly as crispy-bootstrap5 writes them; a form with any other widget goes through crispy.
_FAST_WIDGETS = (widgets.TextInput, widgets.NumberInput, widgets.EmailInput, widgets.DateInput, widgets.Select)
_SLOW_WIDGETS = (widgets.SelectMultiple, widgets.RadioSelect, widgets.MultiWidget)


def filter_form(form) -> SafeString | None:
    """The fields as `{{ form|crispy }}` writes them with the bootstrap5 pack, or None for a form with a widget
    this does not know (the template then uses crispy)."""
    if form.non_field_errors() or any(
        not isinstance(f.widget, _FAST_WIDGETS) or isinstance(f.widget, _SLOW_WIDGETS) or f.widget.is_hidden
        for f in form.fields.values()
    ):
        return None
    return mark_safe("".join(_field(bound) for bound in form))  # noqa: S308  (built with format_html)


def _field(bound) -> str:
    widget = bound.field.widget
    auto_id = bound.auto_id
    errors = bound.errors
    # crispy's `{% crispy_field %}`: the widget's class name, then Bootstrap's class (and is-invalid).
    kind = "form-select" if isinstance(widget, widgets.Select) else "form-control"
    css = widget.attrs.get("class", "")
    name = type(widget).__name__.lower()
    css = f"{css} {name}" if css and name not in css else (css or name)
    css = f"{css} {kind} is-invalid" if errors else f"{css} {kind}"
    label = ""
    if bound.label:
        required = bound.field.required
        label = format_html(
            '<label for="{}" class="form-label{}">{}{}</label>',
            bound.id_for_label,
            " requiredField" if required else "",
            bound.label,
            mark_safe('<span class="asteriskField">*</span>') if required else "",
        )
    control = _widget(bound, {**widget.attrs, "class": css})
    feedback = ""
    if errors:
        feedback = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            auto_id,
            format_html_join(
                "", '<p id="error_{}_{}"><strong>{}</strong></p>', ((n, auto_id, e) for n, e in enumerate(errors, 1))
            ),
        )
    help_text = (
        format_html('<div id="{}_helptext" class="form-text">{}</div>', auto_id, bound.help_text)
        if bound.help_text
        else ""
    )
    return f'<div id="div_{auto_id}" class="mb-3">{label}{control}{feedback}{help_text}</div>'


_INPUT_TEMPLATES = {f"django/forms/widgets/{name}.html" for name in ("input", "text", "number", "email", "date")}


def _widget(bound, attrs) -> str:
    """`bound.as_widget(attrs=attrs)` for an input or a select, without a template per option (a select of 30
    branches was 30 template includes)."""
    widget = bound.field.widget
    template = widget.template_name
    if template not in _INPUT_TEMPLATES and template != "django/forms/widgets/select.html":
        return bound.as_widget(attrs=attrs)
    attrs = bound.build_widget_attrs(attrs, widget)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    if type(getattr(widget, "choices", None)) in _MODEL_CHOICES:
        widget = copy.copy(widget)
        widget.choices = list(_model_choices(widget.choices))
    context = widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
    if template in _INPUT_TEMPLATES:
        value = "" if context["value"] is None else format_html(' value="{}"', context["value"])
        return format_html(
            '<input type="{}" name="{}"{}{}>', context["type"], context["name"], value, _attrs(context["attrs"])
        )
    options = []
    for group_name, group, _index in context["optgroups"]:
        if group_name:
            options.append(format_html('<optgroup label="{}">', group_name))
        for option in group:
            if option["template_name"] != "django/forms/widgets/select_option.html":
                return bound.as_widget(attrs=attrs)
            options.append(
                format_html(
                    '<option value="{}"{}>{}</option>', option["value"], _attrs(option["attrs"]), option["label"]
                )
            )
        if group_name:
            options.append("</optgroup>")
    return format_html(
        '<select name="{}"{}>{}</select>',
        context["name"],
        _attrs(context["attrs"]),
        mark_safe("".join(options)),  # noqa: S308
    )


_MODEL_CHOICES = (ModelChoiceIterator, filter_fields.ModelChoiceIterator)


def _model_choices(iterator):
    """The choices of a model choice field, as its iterator (Django's, or django-filter's with a null choice) gives
    them, but read with one plain query: the iterator reads with `QuerySet.iterator()`, which on PostgreSQL is a
    server-side cursor (DECLARE ... WITH HOLD, FETCH, CLOSE) for a few dozen options."""
    field = iterator.field
    if field.empty_label is not None:
        yield ("", field.empty_label)
    if type(iterator) is filter_fields.ModelChoiceIterator and field.null_label is not None:
        yield (field.null_value, field.null_label)
    for obj in iterator.queryset.all():  # a copy: the field's own queryset keeps no rows
        yield iterator.choice(obj)


def _attrs(attrs) -> str:
    """django/forms/widgets/attrs.html"""
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', value))
            for name, value in attrs.items()
            if value is not False
        ),
    )
